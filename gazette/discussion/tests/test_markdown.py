"""Comment Markdown: a safe subset, and nothing dangerous survives sanitizing."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.discussion.markdown import ALLOWED_ATTRIBUTES, quote, render, sanitize


def test_emphasis_links_quotes_lists_and_code_render() -> None:
    html = render(
        "*soft* **strong** [site](https://news.example/a)\n\n> quoted\n\n"
        "- one\n- two\n\n1. first\n\n`code` and\n\n```\nblock\n```"
    )

    assert "<em>soft</em>" in html
    assert "<strong>strong</strong>" in html
    assert (
        '<a href="https://news.example/a" rel="nofollow ugc noopener">site</a>' in html
    )
    assert "<blockquote>" in html
    assert "<ul>" in html
    assert "<ol>" in html
    assert "<code>code</code>" in html
    assert "<pre><code>block" in html


def test_raw_html_headings_and_images_are_not_rendered() -> None:
    html = render('# Big\n\n![x](https://img.example/x.png)\n\n<b onclick="x()">hi</b>')

    assert "<h1>" not in html
    assert "<img" not in html
    assert "<b" not in html
    assert "&lt;b onclick" in html


def test_javascript_and_data_links_are_not_links() -> None:
    html = render("[click](javascript:alert(1)) [data](data:text/html,hi)")

    assert problems(html) == []
    assert "<a" not in html


def test_quote_reply_markdown() -> None:
    assert quote("Line one\n\nLine two", "Ana") == (
        "> **Ana** wrote:\n>\n> Line one\n>\n> Line two\n\n"
    )


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '"><script>alert(1)</script>',
    "[x](&#106;avascript:alert(1))",
    "<<script>script>alert(1)<</script>/script>",
    "<style>@import 'x'</style>",
]
FORBIDDEN_TAGS = {"script", "iframe", "style", "svg", "object", "embed", "img", "form"}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
ADDED_BY_SANITIZER = {"a": {"rel"}}


class _Audit(HTMLParser):
    """Parses sanitized HTML the way a browser would and lists what is unsafe."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ADDED_BY_SANITIZER.get(
            tag, set()
        )
        for name, value in attrs:
            if name.startswith("on") or name not in allowed:
                self.problems.append(f"{tag}[{name}]")
            url = "".join((value or "").split()).lower()
            if name in {"href", "src", "action"} and url.startswith(FORBIDDEN_SCHEMES):
                self.problems.append(f"{tag}[{name}={value}]")


def problems(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.problems


def test_known_xss_payloads_are_neutralised() -> None:
    for payload in XSS:
        assert problems(render(payload)) == [], payload


def test_the_audit_itself_catches_what_it_should() -> None:
    assert problems('<a href=" JavaScript:x">') == ["a[href= JavaScript:x]"]
    assert problems("<p onclick=x>") == ["p[onclick]"]
    assert problems("<script>") == ["<script>"]
    assert problems('<a href="/" title="x">') == ["a[title]"]


@pytest.mark.parametrize("attribute", ["title", "lang", "class", "id", "style", "dir"])
def test_only_allowed_attributes_survive(attribute: str) -> None:
    html = sanitize(
        f'<p {attribute}="x"><a href="https://a.example" {attribute}="y">a</a></p>'
    )

    assert problems(html) == []
    assert attribute not in html


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(XSS),
            st.sampled_from(
                ["<", ">", '"', "'", "[", "](", ")", "`", "*", "\n", "&#", "on"]
            ),
            st.sampled_from(
                ["javascript:", "onerror=", "onclick=", "<script", "<a href="]
            ),
        ),
        max_size=12,
    ).map("".join)
)
def test_no_script_handler_or_javascript_url_survives(text: str) -> None:
    assert problems(render(text)) == []


# Imports hand raw HTML (Disqus messages, WordPress comments, Gazette files)
# straight to the sanitizer, without Markdown in between: it must hold alone.
RAW_HTML_XSS = [
    *XSS,
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    "<p style=\"background:url('javascript:alert(1)')\">x</p>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<blockquote cite="javascript:alert(1)" onmouseover=alert(1)>q</blockquote>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
]


def test_raw_html_xss_payloads_are_neutralised_by_the_sanitizer() -> None:
    for payload in RAW_HTML_XSS:
        assert problems(sanitize(payload)) == [], payload
        assert "style=" not in sanitize(payload), payload


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(RAW_HTML_XSS),
            st.sampled_from(["<a href=", "<p ", "<img ", "<svg ", ">", '"', "'"]),
            st.sampled_from(["javascript:", "onload=", "onerror=", "&#106;", "\t"]),
        ),
        max_size=12,
    ).map("".join)
)
def test_no_unsafe_html_survives_the_sanitizer(html: str) -> None:
    assert problems(sanitize(html)) == []
