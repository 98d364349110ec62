"""Who a reply should reach: no-reply senders, applicant-tracking mailers, and addresses a letter
offers in its text for questions."""

from __future__ import annotations

import re

from onfile.message import Address, Message

_NOREPLY_LOCAL = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|notifications?|notify|mailer-daemon"
    r"|postmaster|bounces?|automated|auto[-_.]?confirm|alerts?|jobalerts?|newsletter|news)"
    r"(?:[-_.+].*)?$|^.*[-_.+]no[-_.]?reply$|^jobs-noreply$",
    re.IGNORECASE,
)
# Applicant-tracking systems send from shared mailer domains nobody reads.
ATS_MAILER_DOMAINS = (
    "greenhouse-mail.io",
    "greenhouse.io",
    "hire.lever.co",
    "lever.co",
    "smartrecruiters.com",
    "ashbyhq.com",
    "icims.com",
    "taleo.net",
    "personio.de",
    "personio.com",
    "recruitee.com",
    "teamtailor.com",
    "teamtailor-mail.com",
    "workablemail.com",
    "workable.com",
    "successfactors.com",
    "jobvite.com",
    "bamboohr.com",
    "breezy.hr",
    "jazzhr.com",
    "applytojob.com",
    "linkedin.com",
    "indeed.com",
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def is_ats_domain(domain: str) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in ATS_MAILER_DOMAINS)


def is_noreply(email: str) -> bool:
    """True for addresses a reply would not reach a person at."""
    local, _, domain = email.lower().partition("@")
    if _NOREPLY_LOCAL.match(local):
        return True
    return is_ats_domain(domain) and not domain.endswith(("workable.com", "personio.de"))


def offered_address(body: str, exclude: tuple[str, ...] = ()) -> str | None:
    """An address the text offers (for questions and the like), skipping no-reply ones."""
    for found in _EMAIL.findall(body):
        email = found.strip(".").lower()
        if not is_noreply(email) and email not in exclude:
            return email
    return None


def reply_address(message: Message, own: tuple[str, ...] = ()) -> tuple[str | None, bool]:
    """The address a reply should go to, and whether it was only found in the text."""
    own_lower = tuple(o.lower() for o in own)
    candidates: list[Address] = [*message.reply_to]
    if message.sender:
        candidates.append(message.sender)
    for candidate in candidates:
        if not is_noreply(candidate.email) and candidate.email not in own_lower:
            return candidate.email, False
    offered = offered_address(message.body, own_lower)
    return offered, offered is not None
