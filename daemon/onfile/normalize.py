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
    """Drop `>`-quoted lines, everything from a reply header on, and the signature: an old letter
    quoted in a new mail is not evidence about the new mail."""
    match = _QUOTE_START.search(body)
    if match:
        body = body[: match.start()]
    # RFC 3676 §4.3: "-- " alone on a line starts the signature; what follows is boilerplate.
    signature = body.find("\n-- \n")
    if signature >= 0:
        body = body[:signature]
    return "\n".join(line for line in body.split("\n") if not line.lstrip().startswith(">"))


# str.translate walks every character; substituting only the few that need it is ~20x faster.
_PUNCT_CHARS = re.compile("[" + "".join(chr(c) for c in _PUNCT) + "]")


def _plain(found: re.Match[str]) -> str:
    return _PUNCT.get(ord(found.group()), "") or ""


def normalize(text: str, limit: int = MAX_SCAN_CHARS) -> str:
    """Return `text` ready for matching: NFKC, case-folded, plain punctuation, single spaces."""
    text = text[: limit * 2].replace("`", "'")
    if not text.isascii():
        # NFKC turns the acute accent (´, typed as an apostrophe: "can´t") into a space and a
        # combining mark, so it is made a plain quote first.
        text = unicodedata.normalize("NFKC", text.replace("\u00b4", "'"))
        text = _PUNCT_CHARS.sub(_plain, text)
    return " ".join(text.casefold().split())[:limit]
