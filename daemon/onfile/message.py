"""Raw RFC 5322 bytes to one immutable `Message` value (mail-parser underneath): decoded subject
and addresses, threading headers, date, the text body (HTML turned into text) and its language."""

from __future__ import annotations

import email.parser
import email.policy
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import mailparser
from mailparser.exceptions import MailParserError

from onfile.errors import MessageError
from onfile.htmltext import html_to_text
from onfile.language import detect_languages
from onfile.normalize import strip_quoted

# mail-parser logs a warning for every message without some header; those are normal in mail.
logging.getLogger("mailparser").setLevel(logging.ERROR)

# Header evidence the rules may look at; kept small so a Message stays cheap to hold.
KEPT_HEADERS = (
    "auto-submitted",
    "precedence",
    "list-id",
    "list-unsubscribe",
    "x-auto-response-suppress",
    "x-mailer",
    "return-path",
    "sender",
)
# An id longer than RFC 5322's 998-octet line cannot be real, and servers refuse to SEARCH for it.
_MSGID = re.compile(r"<[^<>\s]{1,900}>")


@dataclass(frozen=True)
class Address:
    """A display name and an email address, both decoded."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Message:
    """One email, parsed once: everything detection, extraction and drafting need."""

    message_id: str
    subject: str
    sender: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    date: datetime | None
    in_reply_to: str
    references: tuple[str, ...]
    body: str
    language: str
    languages: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


def _addresses(pairs: object) -> tuple[Address, ...]:
    out: list[Address] = []
    if isinstance(pairs, list):
        for pair in pairs:
            if isinstance(pair, tuple) and len(pair) == 2 and "@" in str(pair[1]):
                out.append(Address(str(pair[0]).strip(), str(pair[1]).strip().lower()))
    return tuple(out)


def _header(headers: dict[str, object], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return " ".join(str(value).split())
    return ""


def raw_message_id(raw: bytes) -> str:
    """The Message-ID from the headers alone, for logging and recording a letter that cannot be
    parsed whole; "" when there is none."""
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        found = _MSGID.search(" ".join(str(headers.get("Message-ID", "")).split()))
    except (ValueError, TypeError, LookupError, UnicodeError):
        return ""
    return found.group(0) if found else ""


_FOLD = re.compile(r"\r?\n(?=[ \t])")


def _subject(parsed: mailparser.MailParser) -> str:
    """The decoded Subject. mail-parser drops the space between an encoded word and the plain
    word after a fold ("=?utf-8?b?…Méthodes?=\\r\\n Industrialisation"), which RFC 2047 keeps
    (only space between two encoded words goes); the email package's header registry keeps it."""
    raw = parsed.message.get("Subject")
    if isinstance(raw, str) and "=?" in raw:
        try:
            unfolded = _FOLD.sub("", raw)  # RFC 5322 2.2.3; the registry expects it unfolded
            return str(email.policy.default.header_factory("subject", unfolded))
        except (ValueError, TypeError, LookupError, IndexError):
            pass  # a header too broken for the registry: mail-parser's reading, spaces aside
    return str(parsed.subject or "")


def parse_message(raw: bytes) -> Message:
    """Parse raw message bytes; raises MessageError when they are not a readable email."""
    if not raw.strip():
        raise MessageError("empty message")
    try:
        parsed = mailparser.parse_from_bytes(raw)
        headers: dict[str, object] = dict(parsed.headers)
        subject = " ".join(_subject(parsed).split())
        senders = _addresses(parsed.from_)
        plain = "\n".join(parsed.text_plain).strip()
        html = "\n".join(parsed.text_html).strip()
        date = parsed.date if isinstance(parsed.date, datetime) else None
        reply_to = _addresses(parsed.reply_to)
        to = _addresses(parsed.to)
        cc = _addresses(parsed.cc)
    except (ValueError, TypeError, LookupError, AttributeError, UnicodeError) as exc:
        raise MessageError(f"cannot parse message: {exc}") from exc
    except (MailParserError, RecursionError) as exc:
        # A hostile nesting of thousands of MIME parts: not a letter anyone wrote.
        raise MessageError(f"cannot parse message: {exc.__class__.__name__}") from exc
    if not headers:
        raise MessageError("no headers: not an email message")
    body = plain if plain else html_to_text(html) if html else ""
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    # Quoted earlier mail and signatures say nothing about the letter's own language.
    languages = detect_languages(f"{subject}\n{strip_quoted(body)}")
    message_id_match = _MSGID.search(_header(headers, "message-id"))
    return Message(
        message_id=message_id_match.group(0) if message_id_match else "",
        subject=subject,
        sender=senders[0] if senders else None,
        reply_to=reply_to,
        to=to,
        cc=cc,
        date=date,
        in_reply_to=next(iter(_MSGID.findall(_header(headers, "in-reply-to"))), ""),
        references=tuple(_MSGID.findall(_header(headers, "references"))),
        body=body,
        language=languages[0],
        languages=languages,
        headers={name: value for name in KEPT_HEADERS if (value := _header(headers, name))},
    )
