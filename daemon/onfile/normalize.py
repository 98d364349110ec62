"""Text normalisation before matching: the body without quoted earlier mail, then NFKC, case
folding, plain quotes and dashes, and collapsed whitespace, capped so untrusted mail stays cheap."""

from __future__ import annotations

import re
import unicodedata

MAX_SCAN_CHARS = 20_000

_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)
_SPACE = re.compile(r"\s+")

# Where a quoted earlier message starts, in the seven languages' mail clients: "On … wrote:",
# "Am … schrieb …:", "Le … a écrit :", "El … escribió:", "Op … schreef …:", "Il … ha scritto:",
# "Em … escreveu:", Outlook's "-----Original Message-----" and its "From: … Sent: …" header block.
_QUOTE_START = re.compile(
    r"^(?:"
    r"on\b.{0,200}\bwrote:"
    r"|am\b.{0,200}\bschrieb\b.{0,100}:"
    r"|le\b.{0,200}\ba écrit\s*:"
    r"|el\b.{0,200}\bescribió\s*:"
    r"|op\b.{0,200}\bschreef\b.{0,100}:"
    r"|il\b.{0,200}\bha scritto\s*:"
    r"|em\b.{0,200}\bescreveu\s*:"
    r"|-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original"
    r"|oorspronkelijk bericht|messaggio originale|mensagem original)\s*-{2,}"
    r"|(?:from|von|de|van|da):\s.*\n(?:sent|gesendet|envoyé|enviado|verzonden|inviato):\s"
    r")",
    re.IGNORECASE | re.MULTILINE,
)


def strip_quoted(body: str) -> str:
    """Drop `>`-quoted lines and everything from a reply header on: an old letter quoted in a
    new mail is not evidence about the new mail."""
    match = _QUOTE_START.search(body)
    if match:
        body = body[: match.start()]
    return "\n".join(line for line in body.split("\n") if not line.lstrip().startswith(">"))


def normalize(text: str, limit: int = MAX_SCAN_CHARS) -> str:
    """Return `text` ready for matching: NFKC, case-folded, plain punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text[: limit * 2]).translate(_PUNCT).casefold()
    return _SPACE.sub(" ", text).strip()[:limit]
