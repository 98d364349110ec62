"""compose(): the reply draft's subject, threading, addressing, notes and encoding."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta

import pytest

from onfile.compose import MAX_REFERENCES, Draft, compose, reply_subject
from onfile.config import DraftSettings, Identity
from onfile.detect import detect
from onfile.message import parse_message
from onfile.resources import shipped_dir
from onfile.templates import load_templates
from tests.factories import IDENTITY, NOW, letter, sample_rules

PACKS = load_templates([shipped_dir("drafts")])
RULES = sample_rules()


def draft_for(
    raw: bytes,
    settings: DraftSettings | None = None,
    identity: Identity = IDENTITY,
    now: datetime = NOW,
) -> Draft:
    """The draft for the letter `raw`, as the pipeline would compose it."""
    message = parse_message(raw)
    detection = detect(RULES, message, own_addresses=identity.addresses)
    return compose(PACKS, message, detection, identity, settings or DraftSettings(), now)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Your application", "Re: Your application"),
        ("Re: Your application", "Re: Your application"),
        ("RE: Your application", "Re: Your application"),
        ("AW: Ihre Bewerbung", "Re: Ihre Bewerbung"),
        ("SV: Din ansökan", "Re: Din ansökan"),
        ("Antw: Uw sollicitatie", "Re: Uw sollicitatie"),
        ("R: La sua candidatura", "Re: La sua candidatura"),
        ("RIF: La sua candidatura", "Re: La sua candidatura"),
        ("Réf : Votre candidature", "Re: Votre candidature"),
        ("Enc: Sua candidatura", "Re: Sua candidatura"),
        ("Re: AW: Re: Bewerbung", "Re: Bewerbung"),
        ("re:RE:  re: x", "Re: x"),
        ("Re[2]: x", "Re: x"),
        ("Fwd: Re: x", "Re: x"),
        ("Research Engineer role", "Re: Research Engineer role"),
        ("Résumé received", "Re: Résumé received"),
        ("R&D: next steps", "Re: R&D: next steps"),
        ("", "Re:"),
    ],
)
def test_reply_subject_never_stacks(subject: str, expected: str) -> None:
    """One `Re: ` replaces every reply/forward prefix of the seven languages, and only those."""
    assert reply_subject(subject) == expected
    assert reply_subject(reply_subject(subject)) == expected


def test_threading_headers() -> None:
    """In-Reply-To is the letter's id; References extend the letter's with it."""
    raw = letter(headers={"References": "<a@x.example> <b@x.example>"})
    draft = draft_for(raw)
    parsed = email.message_from_bytes(draft.raw, policy=email.policy.default)
    assert parsed["In-Reply-To"] == "<r1@acme.example>" == draft.in_reply_to
    assert parsed["References"].split() == ["<a@x.example>", "<b@x.example>", "<r1@acme.example>"]
    assert parsed["X-Onfile-Original"] == "<r1@acme.example>"


def test_references_from_in_reply_to() -> None:
    """A letter with In-Reply-To but no References threads under both."""
    draft = draft_for(letter(headers={"In-Reply-To": "<q@x.example>"}))
    assert draft.references == ("<q@x.example>", "<r1@acme.example>")


def test_long_references_trimmed() -> None:
    """Very long References keep the first and the most recent ids, at most MAX_REFERENCES."""
    refs = [f"<ref{i}@x.example>" for i in range(40)]
    draft = draft_for(letter(headers={"References": " ".join(refs)}))
    assert len(draft.references) == MAX_REFERENCES
    assert draft.references == (refs[0], *refs[-(MAX_REFERENCES - 2) :], "<r1@acme.example>")


def test_message_id_on_identity_domain_and_stable() -> None:
    """The draft's Message-ID is on the user's domain and the same whenever it is composed."""
    first = draft_for(letter())
    again = draft_for(letter(), now=NOW + timedelta(days=3))
    assert first.message_id == again.message_id
    assert first.message_id.startswith("<onfile.") and first.message_id.endswith("@example.org>")
    assert draft_for(letter(message_id="<r2@acme.example>")).message_id != first.message_id
    other_user = Identity("Sam", "sam@other.example")
    assert draft_for(letter(), identity=other_user).message_id.endswith("@other.example>")


def test_letters_without_message_id_get_distinct_draft_ids() -> None:
    """Two different letters without a Message-ID do not share one draft Message-ID."""
    one = draft_for(letter(message_id=None))
    two = draft_for(letter(message_id=None, subject="Another application"))
    assert one.message_id != two.message_id
    assert one.message_id == draft_for(letter(message_id=None)).message_id


def test_draft_parses_back_with_headers() -> None:
    """The bytes parse as an email with From, To, Subject, Date, ids and a UTF-8 text body."""
    draft = draft_for(letter(subject="AW: Your application"))
    parsed = email.message_from_bytes(draft.raw, policy=email.policy.default)
    assert parsed["From"] == "Alex Doe <alex@example.org>"
    assert parsed["To"] == "jane@acme.example" == draft.to
    assert parsed["Subject"] == "Re: Your application" == draft.subject
    assert parsed["Message-ID"] == draft.message_id
    assert parsed["Date"].datetime == NOW
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed.get_content().rstrip("\n") == draft.body
    assert draft.body.startswith("Dear Jane,")


def test_no_reply_letter_has_no_to_and_a_note() -> None:
    """A letter only from a no-reply address gets no To, and a note saying so opens the body."""
    draft = draft_for(letter(sender="Acme <no-reply@acme.example>"))
    parsed = email.message_from_bytes(draft.raw, policy=email.policy.default)
    assert draft.to is None and "To" not in parsed
    assert draft.body.startswith("[onfile: this letter came from a no-reply address")


def test_offered_address_is_used_with_a_hint() -> None:
    """A no-reply letter offering an address for questions goes there, with a note to check."""
    body = "We regret to inform you.\n\nIf you have any questions, write to careers@acme.example.\n"
    draft = draft_for(letter(body, sender="Acme <no-reply@acme.example>"))
    assert draft.to == "careers@acme.example"
    assert draft.body.startswith("[onfile: this letter came from a no-reply address; it mentions")
    assert "careers@acme.example" in draft.body.split("\n")[0]


@pytest.mark.parametrize(
    ("reply_to", "sender"),
    [
        ("alex@example.org", "Jane <jane@acme.example>"),
        ("Alex.Doe@Work.Example", "Jane <no-reply@acme.example>"),
    ],
)
def test_never_addresses_the_user(reply_to: str, sender: str) -> None:
    """The user's own addresses (email and aliases) are never the recipient."""
    draft = draft_for(letter(reply_to=reply_to, sender=sender))
    parsed = email.message_from_bytes(draft.raw, policy=email.policy.default)
    recipients = " ".join(str(parsed.get(name, "")) for name in ("To", "Cc", "Bcc")).lower()
    assert draft.to not in IDENTITY.addresses
    assert not any(own in recipients for own in IDENTITY.addresses)


@pytest.mark.parametrize(
    ("sender", "cte"),
    [("Jane <jane@acme.example>", "7bit"), ("Jürgen <juergen@acme.example>", "quoted-printable")],
)
def test_body_encoding(sender: str, cte: str) -> None:
    """An ASCII body goes as 7bit; a body with non-ASCII text as UTF-8 quoted-printable."""
    body = f"We regret to inform you.\n\nBest regards,\n{sender.split()[0]} Smith\n"
    draft = draft_for(letter(body, sender=sender))
    parsed = email.message_from_bytes(draft.raw, policy=email.policy.default)
    assert parsed["Content-Transfer-Encoding"] == cte
    assert draft.raw.isascii() and parsed.get_content().rstrip("\n") == draft.body


def test_quote_original() -> None:
    """With quote_original the letter follows the reply, `>`-quoted under an "On … wrote:" line."""
    draft = draft_for(letter(), DraftSettings(quote_original=True))
    assert (
        "\n\nOn Tue, 10 Nov 2026 12:00:00 +0000, Jane Smith <jane@acme.example> wrote:\n"
        in draft.body
    )
    assert "> We regret to inform you" in draft.body
