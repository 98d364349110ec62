"""What a rejection letter tells about itself: the company, the role, the first name of a person
who signs it, and where a reply should go. Pure: a Message in, Facts out.

A field is None unless the letter states it clearly: a wrong value ends up in the reply draft
("Dear Sincerely,"), which is worse than the neutral phrase the draft uses instead. The work is
split: onfile.company finds the employer, onfile.roles the job title, onfile.signature the
people, onfile.addresses the reply address; this module prepares the text once for all of them.
Only the start of a letter is read (MAX_SCAN_CHARS), so extraction stays well under a millisecond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onfile.addresses import domain_of, organisation_label, reply_address
from onfile.company import board_relay, find_company, mailer, senders
from onfile.message import Message
from onfile.normalize import strip_quoted
from onfile.orgnames import PLATFORM_NAMES
from onfile.roles import find_role
from onfile.sentences import Sentences
from onfile.signature import fold, parse_display, signature_lines, signer

MAX_SCAN_CHARS = 6000  # of the body: signature and "Position: …" lines
MAX_SENTENCE_CHARS = 3000  # of the flattened body: the phrases that name role and company


@dataclass(frozen=True)
class Facts:
    """Extracted fields; None where the letter does not tell."""

    company: str | None
    role: str | None
    recruiter: str | None
    reply_to: str | None
    reply_to_from_text: bool = False


_SUBJECT_PREFIX = re.compile(r"^(?:(?:re|aw|fw|fwd|wg|tr|rv|r|sv|antw|odp)\s*:\s*)+", re.I)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def _display_person(message: Message, not_names: set[str]) -> str | None:
    """The first name of a person named in Reply-To or From ("Dana Whitfield", "Manju - Acme")."""
    for address in senders(message):
        if not mailer(address.email):
            first = parse_display(address.name, address.email).first
            if first and fold(first) not in not_names:
                return first
    return None


def extract(message: Message, own_addresses: tuple[str, ...] = ()) -> Facts:
    """Extract company, role, recruiter and reply address from a letter."""
    body = strip_quoted(message.body[:MAX_SCAN_CHARS])
    flat = "\n".join(" ".join(p.split()) for p in _PARAGRAPH.split(body) if p.strip())
    sentences = Sentences(flat[:MAX_SENTENCE_CHARS])
    subject = _SUBJECT_PREFIX.sub("", " ".join(message.subject[:300].split()))
    lines = [line.strip() for line in body.split("\n")]
    signature = signature_lines(lines)
    company, organisations = find_company(
        message, subject, sentences, signature, f"{subject}\n{flat}"
    )
    role = find_role(subject, sentences, lines, company)
    recruiter = None
    if not board_relay(message):  # a board relays a company's letter, not a person's
        not_names = {fold(w) for a in message.to for w in a.name.split()} | PLATFORM_NAMES
        not_names |= {fold(v) for v in [*organisations, *(company or "").split()]}
        not_names |= {fold(organisation_label(domain_of(a.email))) for a in senders(message)}
        not_names.discard("")
        people = [(a.name, a.email) for a in senders(message) if not mailer(a.email)]
        recruiter = signer(signature, not_names, people) or _display_person(message, not_names)
    reply_to, from_text = reply_address(message, own_addresses)
    return Facts(
        company=company,
        role=role,
        recruiter=recruiter,
        reply_to=reply_to,
        reply_to_from_text=from_text,
    )
