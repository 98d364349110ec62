"""The fast normalisation (bytes, a Latin-1 table, lines joined) gives exactly what the plain
definition gives: NFKC, plain punctuation, case folding, single spaces, the cap; for every
character, and the quote-header test finds what the full pattern finds."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

from onfile.normalize import _PUNCT, _QUOTE_START, _WIDE, normalize, normalized, strip_quoted

CODE_POINTS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
PUNCT = str.maketrans({ord(char): plain for char, plain in _PUNCT.items()})


def reference(text: str, limit: int = 20_000) -> str:
    """The definition, one step after the other, in the order README.md gives them."""
    text = unicodedata.normalize("NFKC", text[: limit * 2].replace("\u00b4", "'"))
    return " ".join(text.translate(PUNCT).casefold().split())[:limit]


def check(text: str, limit: int = 20_000) -> None:
    """normalize and normalized agree with the reference on `text`."""
    expected = reference(text, limit)
    assert normalize(text, limit) == expected, repr(text[:80])
    assert normalized(text, limit) == expected.encode(), repr(text[:80])


def test_every_character_in_running_text() -> None:
    """Each code point, between letters and spaces, in texts long enough to be joined by lines."""
    for start in range(0, len(CODE_POINTS), 512):
        chunk = CODE_POINTS[start : start + 512]
        check("".join(f"a{char}B {char}\n" for char in chunk), limit=10**6)
        check(" ".join(f"{char}{char}x" for char in chunk), limit=10**6)


@pytest.mark.parametrize("char", [chr(c) for c in range(256)] + [char for char, _ in _WIDE])
def test_latin1_and_wide_punctuation_alone(char: str) -> None:
    """Latin-1 text (most western letters) takes a byte table; curly quotes and dashes keep it."""
    for text in (char, f"A{char}b", f" {char} ", f"Straße {char}\u2019x", f"{char}\u20ac"):
        check(text)
        check(text, limit=2)


def test_random_texts_and_caps() -> None:
    """Random mixes of tricky characters, whitespace runs and caps, short and long."""
    tricky = [chr(c) for c in range(256)] + [char for char, _ in _WIDE]
    tricky += [
        "ß",
        "ẞ",
        "İ",
        "ı",
        "\u212a",
        "µ",
        "ﬁ",
        "①",
        "\u0301",
        "€",
        "Ω",
        "\u3000",
        "  ",
        "\t",
    ]
    rng = random.Random(5)
    for _ in range(1200):
        size = rng.choice([3, 40, 700, 3000])
        text = "".join(
            rng.choice(tricky) if rng.random() < 0.4 else rng.choice("ab C.\n ")
            for _ in range(size)
        )
        check(text, rng.choice([20_000, 7, 500]))


@pytest.mark.parametrize(
    "header",
    [
        "Am 3. Nov. schrıeb Jane:",  # re's case-insensitive "i" also takes the dotless ı
        "IL GIORNO 3 NOV JANE HA SCRİTTO:",
        "-- \n\n ORIGINAL MESSAGE --",
        "De: Jane\nEnvoyé: lundi",
        "ON MON, JANE WROTE:",
    ],
)
def test_quote_header_hint_misses_nothing(header: str) -> None:
    """The cheap word test before the full pattern never hides a header the pattern finds."""
    body = f"Thanks.\n{header}\nold letter"
    found = _QUOTE_START.search(body)
    assert found is not None and strip_quoted(body) == body[: found.start()] == "Thanks.\n"


def test_quote_hint_random_bodies() -> None:
    """On random bodies built from header pieces, the cut is where the full pattern puts it."""
    pieces = ["On x wrote:", "Am x schrıeb y:", "Von: a\nGesendet: b", "-----Original Message-----"]
    pieces += ["wrote", "hello", "> q", "\n", " ", "ı", "İ", "é", "\udcff", "x:"]
    rng = random.Random(9)
    for _ in range(3000):
        body = rng.choice(["", "\n"]).join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        found = _QUOTE_START.search(body)
        kept = body[: found.start()] if found else body
        kept = kept[: kept.find("\n-- \n")] if "\n-- \n" in kept else kept
        lines = [line for line in kept.split("\n") if not line.lstrip().startswith(">")]
        assert strip_quoted(body) == "\n".join(lines)
