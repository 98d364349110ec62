"""Text normalisation before matching: the body without quoted earlier mail, then NFKC, case
folding, plain quotes and dashes, and collapsed whitespace, capped so untrusted mail stays cheap.

Matching runs RE2 on UTF-8, so `normalized` gives the bytes directly; `normalize` is the same as
text. Letters are several KB, so the work avoids Python passes over every character or word."""

from __future__ import annotations

import functools
import re
import unicodedata

import re2

MAX_SCAN_CHARS = 20_000

_PUNCT = {
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
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
}
# What str.split() counts as whitespace besides ASCII and survives NFKC (NBSP, the wide spaces
# and U+3000 become plain spaces there): next line, Ogham space, line and paragraph separators.
_WIDE_SPACES = ("\x85", "\u1680", "\u2028", "\u2029")
_REPLACEMENTS = [*_PUNCT.items(), *((space, "\n") for space in _WIDE_SPACES)]
# Beyond Latin-1: curly quotes and dashes are common, and replacing them first lets most such
# letters take the Latin-1 path too.
_WIDE = [(char, plain) for char, plain in _REPLACEMENTS if ord(char) > 0xFF]


def _latin1_table() -> bytes:
    """One byte pass that finishes a Latin-1 text after NFKC: case folding, plain punctuation,
    whitespace as newlines (for _collapse). Not ß, which folds to two letters (the caller's)."""
    table = bytearray(range(256))
    for code in range(256):
        char = chr(code)
        plain = _PUNCT.get(char, "\n" if char.isspace() and char != " " else char.casefold())
        if len(plain) == 1 and ord(plain) <= 0xFF:
            table[code] = ord(plain)
    return bytes(table)


_LATIN1 = _latin1_table()
_LATIN1_DELETE = b"\xad"  # the soft hyphen
# Characters _LATIN1 cannot finish: µ folds to the Greek μ (NFKC makes it μ first anyway).
_LATIN1_OTHER = b"\xb5"


def _by_lead_byte() -> dict[bytes, tuple[tuple[bytes, bytes], ...]]:
    """The non-ASCII replacements as UTF-8, grouped by lead byte: a letter without that byte
    is not searched for them at all."""
    groups: dict[bytes, tuple[tuple[bytes, bytes], ...]] = {}
    for char, plain in _REPLACEMENTS:
        if not char.isascii():
            seq = char.encode()
            groups[seq[:1]] = (*groups.get(seq[:1], ()), (seq, plain.encode()))
    return groups


_REPLACE = _by_lead_byte()
# ASCII case, ASCII whitespace (the control separators \x1c-\x1f too, as str.split has it) and
# the backtick, in one byte pass over UTF-8; bytes above 0x7f are left alone.
_ASCII = bytes(
    _LATIN1[code] if code < 0x80 else code  # the ASCII half of _LATIN1
    for code in range(256)
)
_DOUBLE_SPACE = re2.compile(b"  ")


def _collapse(data: bytes) -> bytes:
    """Single spaces, none at the ends; `data` has no whitespace but spaces and newlines."""
    if len(data) < 512:
        return b" ".join(data.split())
    # A long text is mostly single-spaced lines: joining the lines is ~10x cheaper than
    # splitting every word, and the rare double space inside a line sends it the long way.
    data = b" ".join([line for line in [part.strip(b" ") for part in data.split(b"\n")] if line])
    return b" ".join(data.split()) if _DOUBLE_SPACE.search(data) else data


def _as_latin1(text: str) -> tuple[str, bytes | None]:
    """`text` with the punctuation beyond Latin-1 made plain, and as Latin-1 if it then fits."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        for char, plain in _WIDE:
            if char in text:
                text = text.replace(char, plain)
        try:
            data = text.encode("latin-1")
        except UnicodeEncodeError:
            return text, None
    return text, None if _LATIN1_OTHER in data else data


def normalized(text: str, limit: int = MAX_SCAN_CHARS) -> bytes:
    """`normalize(text, limit)` as UTF-8, the form RE2 matches.

    str.casefold and str.split walk the text in Python's slow per-character way, so most text
    (ASCII, or Latin-1 as western European letters are) is finished as bytes instead: case,
    punctuation and whitespace by one table, then lines joined. Other text is folded as str."""
    text = text[: limit * 2]
    if text.isascii():
        return _collapse(text.encode().translate(_LATIN1))[:limit]
    # NFKC turns the acute accent (´, typed as an apostrophe: "can´t") into a space and a
    # combining mark, so it is made a plain quote first.
    if "\u00b4" in text:
        text = text.replace("\u00b4", "'")
    text, latin1 = _as_latin1(unicodedata.normalize("NFKC", text))
    if latin1 is not None:
        data = latin1.translate(_LATIN1, _LATIN1_DELETE)
        if b"\xdf" in data:
            data = data.replace(b"\xdf", b"ss")
        return _collapse(data)[:limit].decode("latin-1").encode()
    data = text.casefold().encode().translate(_ASCII)
    for lead, pairs in _REPLACE.items():
        if lead in data:
            for seq, plain in pairs:
                if seq in data:
                    data = data.replace(seq, plain)
    data = _collapse(data)
    if len(data) > limit:  # bytes, not characters
        data = data.decode()[:limit].encode()
    return data


def normalize(text: str, limit: int = MAX_SCAN_CHARS) -> str:
    """Return `text` ready for matching: NFKC, case-folded, plain punctuation, single spaces."""
    return normalized(text, limit).decode()


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
# A word every _QUOTE_START alternative contains. `re` tries the alternatives at every position
# of the letter; RE2 finds these words ~4x faster, so most letters (no quote) skip `re` entirely.
# Case-insensitive as `re` is, where `re` also lets "i" match the Turkish dotted and dotless i.
_QUOTE_WORDS = re2.compile(
    "(?i)"
    + "(?:wrote:|schrieb|a écrit|escribió|schreef|ha scritto|escreveu"
    "|original message|ursprüngliche nachricht|message d'origine|mensaje original"
    "|oorspronkelijk bericht|messaggio originale|mensagem original"
    "|(?:sent|gesendet|envoyé|enviado|verzonden|inviato):)".replace("i", "[iİı]")
)


@functools.lru_cache(maxsize=8)
def strip_quoted(body: str) -> str:
    """Drop `>`-quoted lines, everything from a reply header on, and the signature: an old letter
    quoted in a new mail is not evidence about the new mail."""
    # Cached: parsing (for the language), matching and extraction all ask for the same body.
    # (Bytes, which RE2 searches without mapping offsets back to characters; a lone surrogate
    # cannot be part of a word, so passing it through keeps the test exact.)
    hint = _QUOTE_WORDS.search(body.encode("utf-8", "surrogatepass"))
    match = _QUOTE_START.search(body) if hint else None
    if match:
        body = body[: match.start()]
    # RFC 3676 §4.3: "-- " alone on a line starts the signature; what follows is boilerplate.
    signature = body.find("\n-- \n")
    if signature >= 0:
        body = body[:signature]
    if ">" not in body:
        return body
    return "\n".join(line for line in body.split("\n") if not line.lstrip().startswith(">"))
