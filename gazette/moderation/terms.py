"""Banned words and phrases, matched fast however many a newsroom lists.

Text and terms are normalized the same way as for the toxicity model (case,
look-alike characters, stretched letters), then matched as whole words:

- ``word`` and ``two words``: exact words; single words are one set lookup;
- ``word*``: words starting with ``word``; ``*word``: words ending with it;
  ``*word*``: words containing it.

Single words and prefixes/suffixes are hash lookups per word of the comment,
so thousands of terms cost what ten do. Phrases and ``*infix*`` terms, which
are few, share one compiled regular expression. ``rules.current()`` builds the
matcher once per change of the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gazette.moderation.scoring import features


@dataclass
class TermMatcher:
    exact: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    suffixes: dict[str, str] = field(default_factory=dict)
    prefix_sizes: set[int] = field(default_factory=set)
    suffix_sizes: set[int] = field(default_factory=set)
    others: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    pattern: re.Pattern[str] | None = None

    @classmethod
    def build(cls, terms: list[str]) -> TermMatcher:
        matcher = cls()
        regex_parts: list[str] = []
        for term in terms:
            matcher._add(term, regex_parts)
        if regex_parts:
            matcher.pattern = re.compile("|".join(regex_parts))
        return matcher

    def _add(self, term: str, regex_parts: list[str]) -> None:
        starts, ends = term.startswith("*"), term.endswith("*")
        words = features.words(term.strip("*"))
        if not words:
            return
        if len(words) == 1 and not (starts and ends):
            word = words[0]
            if starts:
                self.suffixes[word] = term
                self.suffix_sizes.add(len(word))
            elif ends:
                self.prefixes[word] = term
                self.prefix_sizes.add(len(word))
            else:
                self.exact[word] = term
            return
        body = r"\s".join(re.escape(w) for w in words)
        head = r"\S*" if starts else r"(?<!\S)"
        tail = r"\S*" if ends else r"(?!\S)"
        group = f"t{len(regex_parts)}"
        self.others.append((re.compile(head + body + tail), term))
        regex_parts.append(f"(?P<{group}>{head}{body}{tail})")

    def find(self, text: str) -> list[str]:
        """The banned terms ``text`` contains, in the order listed."""
        tokens = features.words(text)
        found: dict[str, None] = {}
        for token in tokens:
            if token in self.exact:
                found[self.exact[token]] = None
            for size in self.prefix_sizes:
                term = self.prefixes.get(token[:size]) if len(token) >= size else None
                if term:
                    found[term] = None
            for size in self.suffix_sizes:
                term = self.suffixes.get(token[-size:]) if len(token) >= size else None
                if term:
                    found[term] = None
        if self.pattern is not None:
            joined = " ".join(tokens)
            if self.pattern.search(joined):
                for regex, term in self.others:
                    if regex.search(joined):
                        found[term] = None
        return list(found)
