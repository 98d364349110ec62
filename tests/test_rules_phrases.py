"""Phrases are matched the way rule authors expect: normalised like the text, whole words (in any
script), and `*` at the end of a word for any ending."""

from __future__ import annotations

import pytest
import re2

from onfile.normalize import normalize
from onfile.rules import _WORD_CHAR, _options, phrase_regex, wrapped


def matches(phrase: str, text: str) -> bool:
    """Whether `phrase` is found in `text` once both are normalised, as detection does."""
    return re2.compile(wrapped(phrase, False), _options()).search(normalize(text)) is not None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("We Regret", "we regret"),
        ("  not   moving\tforward ", "not moving forward"),
        ("reject*", "reject{stem}"),
        ("candidat* retenu*", "candidat{stem} retenu{stem}"),
        ("can’t", "can't"),
        ("“on file”", '"on file"'),
        ("well–known", r"well\-known"),
        ("Straße", "strasse"),
        ("ﬁlled", "filled"),
        ("a*b", r"a\*b"),
        ("*", r"\*"),
        ("U.S.", r"u\.s\."),
    ],
)
def test_phrase_regex(phrase: str, expected: str) -> None:
    """A phrase becomes its normalised, escaped text; only a trailing `*` is a stem."""
    assert phrase_regex(phrase) == expected.replace("{stem}", f"[{_WORD_CHAR}]*")


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("regret", "We REGRET to inform you", True),
        ("regret", "we regretfully inform you", False),
        ("regret*", "we regretfully inform you", True),
        ("reject*", "your application was rejected.", True),
        ("reject*", "a prerejected application", False),
        ("not moving forward", "we are not\n moving   forward", True),
        ("can't", "we can’t offer you", True),
        ("can't", "we can´t offer you", True),
        ("on file", "keep you “on file”", True),
        ("décidé", "nous avons décidé de", True),
        ("décidé", "nous avons décidée", False),
        ("über", "darüber hinaus", False),
        ("über", "Über uns", True),
        ("leider", "Leider,", True),
        ("straße", "STRASSE", True),
        ("offer", "offer", True),
        ("offer", "offers", False),
        ("fit", "profit", False),
        ("candidat*", "candidature", True),
        ("candidat*", "candidat", True),
        ("1st round", "after the 1st round", True),
        ("round", "round2", False),
    ],
)
def test_phrase_matching(phrase: str, text: str, found: bool) -> None:
    """Phrases match whole words only, case- and punctuation-insensitively, in any script."""
    assert matches(phrase, text) is found
