"""Raw bytes to a Message: decoded headers, threading ids, UTC dates, text from HTML, and a
MessageError for bytes that are not an email."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from onfile.errors import MessageError
from onfile.message import Address, parse_message
from tests.factories import letter

ENCODED = b"""\
From: =?utf-8?q?Ren=C3=A9e_M=C3=BCller?= <Renee@Firma.Example>
Reply-To: =?iso-8859-1?q?J=FCrgen?= <jurgen@firma.example>
To: "Doe, Alex" <alex@example.org>, bob@example.org
Cc: =?utf-8?b?w4lsb2lzZQ==?= <eloise@firma.example>
Subject: =?utf-8?q?Ihre_Bewerbung_als_Entwickler?=
 =?utf-8?q?_bei_M=C3=BCller_GmbH?=
Message-ID: <abc@firma.example>
In-Reply-To: <prev@x.example>
References: <r1@x.example>
 <prev@x.example>
Date: Tue, 3 Nov 2026 10:00:00 +0100
List-Id: Jobs <jobs.firma.example>
X-Ignored: not kept
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Leider m=FCssen wir Ihnen absagen.
"""
HTML = (
    "<html><head><title>Title</title><style>p {color: red}</style><script>var x = 1;</script>"
    "</head><body><p>Dear&nbsp;Alex,</p><p>we regret &amp; apologise<br>second&#8211;line</p>"
    "<ul><li>one</li><li>two</li></ul></body></html>"
)


def test_encoded_headers_are_decoded() -> None:
    """RFC 2047 subjects and names are decoded; addresses are lower-cased."""
    message = parse_message(ENCODED)
    assert message.subject == "Ihre Bewerbung als Entwickler bei Müller GmbH"
    assert message.sender == Address("Renée Müller", "renee@firma.example")
    assert message.reply_to == (Address("Jürgen", "jurgen@firma.example"),)
    assert message.to == (Address("Doe, Alex", "alex@example.org"), Address("", "bob@example.org"))
    assert message.cc == (Address("Éloise", "eloise@firma.example"),)


@pytest.mark.parametrize(
    ("header", "subject"),
    [
        (
            b"Candidature =?utf-8?q?Ing=C3=A9nieur?=\r\n Methodes",
            "Candidature Ingénieur Methodes",
        ),
        (b"=?utf-8?q?Pr=C3=A1cticas?= =?utf-8?q?_2027?=", "Prácticas 2027"),
        (b"=?utf-8?q?Pr=C3=A1cticas?= =?utf-8?q?2027?=", "Prácticas2027"),  # RFC 2047: no space
    ],
)
def test_space_after_an_encoded_word_stays(header: bytes, subject: str) -> None:
    """A fold between an encoded word and a plain one keeps its space; two encoded words join."""
    raw = b"From: a@x.example\r\nSubject: " + header + b"\r\n\r\nHello.\r\n"
    assert parse_message(raw).subject == subject


def test_threading_date_and_headers() -> None:
    """Message-ID, In-Reply-To and References are kept; the date is in UTC; few headers stay."""
    message = parse_message(ENCODED)
    assert message.message_id == "<abc@firma.example>"
    assert message.in_reply_to == "<prev@x.example>"
    assert message.references == ("<r1@x.example>", "<prev@x.example>")
    assert message.date == datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    assert message.headers == {"list-id": "Jobs <jobs.firma.example>"}


def test_body_charset_decoded() -> None:
    """A quoted-printable Latin-1 body becomes text, and its language is recognised."""
    message = parse_message(ENCODED)
    assert message.body == "Leider müssen wir Ihnen absagen."
    assert message.language == "de"


def test_html_only_mail_becomes_text() -> None:
    """An HTML-only letter is turned into text: blocks on lines, entities decoded, no script."""
    message = parse_message(letter("", html=HTML))
    assert message.body == "Dear Alex,\n\nwe regret & apologise\nsecond–line\n\none\n\ntwo"


def test_plain_part_preferred_over_html() -> None:
    """With multipart/alternative the plain part is the body."""
    message = parse_message(letter("Plain words.\n", html="<p>HTML words</p>"))
    assert message.body == "Plain words."


def test_missing_message_id_and_date() -> None:
    """A letter without Message-ID or a readable date gives "" and None, not an error."""
    raw = letter(message_id=None).replace(b"Date: ", b"Date: not a date ")
    message = parse_message(raw)
    assert message.message_id == "" and message.date is None


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   \r\n\r\n",
        b"just some words without any header\n\nbody",
        b"\x00\xff\xfe\x80 garbage",
        bytes(range(256)) * 8,
    ],
    ids=["empty", "blank", "no-headers", "binary", "all-bytes"],
)
def test_unreadable_bytes_raise(raw: bytes) -> None:
    """Bytes that are not an email raise MessageError (the caller records and goes on)."""
    with pytest.raises(MessageError):
        parse_message(raw)
