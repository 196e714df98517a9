"""Reading the XML of real exports, in constant memory, as forgivingly as WordPress.

Exports found in the wild break the XML rules in a few known ways, which
WordPress's own importer tolerates and so do we:

- a namespace prefix used but never declared (``wp:``, ``dsq:``, a 2012
  WordPress.com export's ``atom:``, anything else): the file is read once for
  the prefixes its tags and attributes use, and each one the root element does
  not declare is declared there (with its usual URI where it has one);
- control characters XML forbids (old plugins wrote them into comments): removed;
- a file that says UTF-8 but holds Windows-1252 bytes here and there: those
  bytes are read as Windows-1252.

None of this moves a line, so a file that is truly broken stops the import
with the line and what is wrong there. A file that declares a DOCTYPE is
refused: with no DTD, the parser has no entities to expand or fetch.
"""

from __future__ import annotations

import codecs
import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _

from gazette.interchange.errors import ImportFailed

CHUNK = 1 << 16
KNOWN_PREFIXES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "wp": "http://wordpress.org/export/1.2/",
    "dsq": "http://disqus.com/disqus-internals",
}
_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ROOT = re.compile(rb"<(?![?!])[A-Za-z_][\w.:-]*")
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
# A prefix in a tag name (<atom:link, </atom:link) or an attribute (atom:rel=).
_PREFIX_USED = re.compile(
    rb"</?([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*="
)
_RESERVED = {b"xml", b"xmlns"}


def prefixes_used(source: BinaryIO) -> dict[str, str]:
    """Every prefix the file uses, with a URI for each, read from the start.

    Leaves ``source`` where it was. A prefix split across two chunks is found
    in the overlap kept between them.
    """
    start = source.tell()
    found: set[bytes] = set()
    tail = b""
    while chunk := source.read(CHUNK):
        window = tail + chunk
        for match in _PREFIX_USED.finditer(window):
            found.add(match.group(1) or match.group(2))
        tail = window[-256:]
    source.seek(start)
    names = sorted(p.decode("ascii", "replace") for p in found - _RESERVED)
    return {
        name: KNOWN_PREFIXES.get(name, f"urn:gazette:undeclared:{name}")
        for name in names
    }


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("gazette-cp1252", _cp1252_fallback)


class _Mended:
    """The file's bytes with the known faults mended, read on demand."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.prefixes = (
            prefixes_used(source)
            if source.seekable()
            else dict(KNOWN_PREFIXES)  # a stream read once: the usual ones
        )
        self.head_done = False
        self.pending = b""
        self.decoder: codecs.IncrementalDecoder | None = None

    def _head(self, data: bytes) -> bytes:
        """Find the root element's start tag and declare missing prefixes."""
        while True:
            root = _ROOT.search(data)
            end = data.find(b">", root.end()) if root else -1
            more = self.source.read(CHUNK) if end == -1 else b""
            if not more:
                break
            data += more
        if root is not None and b"<!DOCTYPE" in data[: root.start()]:
            # No export has one, and without a DTD there are no entities to
            # expand (billion laughs) and no external ones to fetch.
            raise ImportFailed(_("import files may not declare a DOCTYPE."))
        declared = _ENCODING.match(data.lstrip())
        encoding = declared.group(1).decode().lower() if declared else "utf-8"
        if encoding.replace("-", "").replace("_", "") in ("utf8", ""):
            self.decoder = codecs.getincrementaldecoder("utf-8")("gazette-cp1252")
        if root is None or end == -1:
            return data
        start_tag = data[root.start() : end]
        missing = [
            f' xmlns:{prefix}="{uri}"'.encode()
            for prefix, uri in self.prefixes.items()
            if f"xmlns:{prefix}=".encode() not in start_tag
        ]
        closing = end - 1 if data[end - 1 : end] == b"/" else end
        return data[:closing] + b"".join(missing) + data[closing:]

    def read(self, size: int = CHUNK) -> bytes:
        data = self.source.read(max(size, CHUNK))
        if not self.head_done:
            self.head_done = True
            data = self._head(data)
        data = _FORBIDDEN.sub(b"", data)
        if self.decoder is not None:
            data = self.decoder.decode(data, final=not data).encode("utf-8")
        return data


def elements(
    source: BinaryIO, wanted: set[str], depth: int
) -> Iterator[tuple[str, ET.Element]]:
    """(local name, element) for each wanted element at ``depth`` (the root is 1).

    The element is complete (with its children) when yielded, and is dropped
    right after, so memory holds one of them at a time.
    """
    level, parent = 0, None  # parent: the open element one level above ``depth``
    parser = ET.iterparse(_Mended(source), events=("start", "end"))  # noqa: S314
    try:
        for event, element in parser:
            if event == "start":
                level += 1
                if level == depth - 1:
                    parent = element
                continue
            level -= 1
            if level != depth - 1:
                continue
            name = local(element.tag)
            if name in wanted:
                yield name, element
            element.clear()
            if parent is not None:
                parent.remove(element)
    except ET.ParseError as broken:
        line = broken.position[0] if broken.position else None
        raise ImportFailed(
            _("the file is not well-formed XML (%(reason)s).")
            % {"reason": str(broken).split(":")[0]},
            line=line,
        ) from None


@functools.cache
def local(tag: str) -> str:
    """A tag's name without namespace or prefix: ``{uri}comment`` → ``comment``."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def fields(element: ET.Element) -> dict[str, ET.Element]:
    """The element's children by local name (the first of each name)."""
    found: dict[str, ET.Element] = {}
    for child in element:
        found.setdefault(local(child.tag), child)
    return found


def text_of(found: dict[str, ET.Element], name: str) -> str:
    child = found.get(name)
    return (child.text or "").strip() if child is not None else ""


def child_text(element: ET.Element, name: str) -> str:
    """The text of the first child called ``name`` (any namespace), or ""."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if local(child.tag) == name)
