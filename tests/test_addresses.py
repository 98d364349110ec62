"""Reply addresses: no-reply senders and mailers are skipped, Reply-To wins over From, an address
the text offers for questions is the fallback, and the user's own address is never returned."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from onfile.addresses import (
    domain_of,
    is_anonymous_domain,
    is_noreply,
    registrable_label,
    reply_address,
)
from onfile.extract import extract
from onfile.message import parse_message

ME = "alex@example.org"


@pytest.mark.parametrize(
    "email",
    "noreply@acme.io no-reply@acme.io No_Reply@acme.io donotreply@acme.io do-not-reply@acme.io "
    "notifications@acme.io notification@acme.io jobs-noreply@acme.io tjx-noreply@talent.icims.com "
    "ne-pas-repondre@acme.fr noresponder@acme.es nao-responda@acme.pt niet-beantwoorden@acme.nl "
    "non-rispondere@acme.it keine-antwort@acme.de mailer-daemon@acme.io jane@us.greenhouse-mail.io "
    "jane@hire.lever.co any@smartrecruiters.com phil@ziprecruiter.com recruiter@linkedin.com".split(),
)
def test_noreply_addresses(email: str) -> None:
    """No-reply local parts (seven languages), ATS mailer and job-board domains are no-reply."""
    assert is_noreply(email)


@pytest.mark.parametrize(
    "email",
    "jane.doe@acme.io careers@acme.io recruiting@acme.io hr@acme.de replyto@acme.io "
    "jane@acme.workable.com chewy@myworkday.com notes@acme.io".split(),
)
def test_reachable_addresses(email: str) -> None:
    """People, team inboxes and relaying ATS addresses are not no-reply."""
    assert not is_noreply(email)


def message(sender: str, body: str = "Thanks.", reply_to: str = "", to: str = ME) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, to, "Your application"
    if reply_to:
        mail["Reply-To"] = reply_to
    mail.set_content(body)
    return mail


@pytest.mark.parametrize(
    ("sender", "reply_to", "body", "expected", "from_text"),
    [
        ("Jane <jane@acme.io>", "", "Thanks.", "jane@acme.io", False),
        ("careers@acme.io", "Jane <jane@acme.io>", "Thanks.", "jane@acme.io", False),
        ("noreply@acme.io", "jane@acme.io", "Thanks.", "jane@acme.io", False),
        ("jane@acme.io", "no-reply@acme.io", "Thanks.", "jane@acme.io", False),
        ("jane@acme.io", ME, "Thanks.", "jane@acme.io", False),
        ("jane@acme.io", "", "Questions? Write to careers@acme.io.", "jane@acme.io", False),
        ("noreply@acme.io", "", "Questions? Write to careers@acme.io.", "careers@acme.io", True),
        (
            "x@hire.lever.co",
            "",
            "Bei Fragen wenden Sie sich an karriere@acme.de.",
            "karriere@acme.de",
            True,
        ),
        (
            "noreply@acme.fr",
            "",
            "Pour toute question : recrutement@acme.fr",
            "recrutement@acme.fr",
            True,
        ),
        (
            "noreply@acme.es",
            "",
            "Si tienes dudas, escríbenos a rrhh@acme.es.",
            "rrhh@acme.es",
            True,
        ),
        ("noreply@acme.nl", "", "Vragen? Mail naar werving@acme.nl.", "werving@acme.nl", True),
        (
            "noreply@acme.it",
            "",
            "Per domande scrivi a selezione@acme.it.",
            "selezione@acme.it",
            True,
        ),
        ("noreply@acme.pt", "", "Dúvidas: rh@acme.pt", "rh@acme.pt", True),
        ("noreply@acme.io", "", "Questions? Contact privacy@acme.io.", None, False),
        ("noreply@acme.io", "", "Questions? Contact support@greenhouse.io.", None, False),
        ("noreply@acme.io", "", "Questions? Write to alex@example.org.", None, False),
        ("noreply@acme.io", "", "This message was sent by hr@acme.io to you.", None, False),
        ("noreply@acme.io", "", "Please do not reply to this email.", None, False),
        (ME, "", "Thanks.", None, False),
    ],
)
def test_reply_address(
    sender: str, reply_to: str, body: str, expected: str | None, from_text: bool
) -> None:
    """Reply-To, else From, unless no-reply or the user's own; the text only as a fallback."""
    parsed = parse_message(message(sender, body, reply_to).as_bytes())
    assert reply_address(parsed, (ME,)) == (expected, from_text)
    facts = extract(parsed, (ME,))
    assert (facts.reply_to, facts.reply_to_from_text) == (expected, from_text)


def test_own_address_skipped_without_own_list() -> None:
    """The letter's recipient is never offered back from the text, even if own_addresses is empty."""
    parsed = parse_message(
        message("noreply@acme.io", "Questions? Email alex@example.org").as_bytes()
    )
    assert reply_address(parsed) == (None, False)


@pytest.mark.parametrize(
    ("domain", "anonymous"),
    [
        ("example.com", True),
        ("mail.example", True),
        ("acme.test", True),
        ("gmail.com", True),
        ("us.greenhouse-mail.io", True),
        ("linkedin.com", True),
        ("myworkday.com", True),
        ("em.sendgrid.net", True),
        ("acme.io", False),
        ("careers.acme.co.uk", False),
    ],
)
def test_anonymous_domains(domain: str, anonymous: bool) -> None:
    """Example, freemail, ATS, job-board and bulk-mail domains never name the employer."""
    assert is_anonymous_domain(domain) is anonymous


def test_domain_helpers() -> None:
    """domain_of lower-cases the domain; registrable_label skips subdomains and two-level TLDs."""
    assert domain_of("Jane.Doe@Careers.ACME.io") == "careers.acme.io"
    assert registrable_label("careers.acme.co.uk") == "acme"
    assert registrable_label("jobs.acme.com") == "acme"
