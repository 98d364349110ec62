"""Writes the reply draft for a rejection: the template in the letter's language and the chosen
tone, filled with what the letter told, addressed and threaded (RFC 5322 §3.6.4). Pure."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from string import Template

from onfile.config import DraftSettings, Identity
from onfile.detect import Detection
from onfile.message import Message
from onfile.templates import TemplatePack

# Marks a draft as ours and names the letter it answers, so one SEARCH finds it again after a
# crash between APPEND and the state write.
MARKER_HEADER = "X-Onfile-Original"
# Reply and forward markers mail clients put in front of subjects, in the seven languages:
# Re, AW (Antwort), SV (Svar), Antw, R/RIF (Italian), Réf, Enc (Portuguese "encaminhado").
_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|antw|r|rif|réf|ref|enc|wg|fw|fwd|tr|rv)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)
MAX_REFERENCES = 10


@dataclass(frozen=True)
class Draft:
    """A reply ready to append: its key headers for display, and the exact bytes."""

    to: str | None
    subject: str
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    body: str
    raw: bytes


def reply_subject(subject: str) -> str:
    """`Re: ` plus the original subject without any stacked reply prefixes."""
    stripped = _PREFIX.sub("", subject).strip()
    return f"Re: {stripped}" if stripped else "Re:"


def thread_references(original: Message) -> tuple[str, ...]:
    """References for the reply (RFC 5322 §3.6.4): the original's plus its id; when long, the first
    and the most recent ones, as clients trim them."""
    refs = [r for r in original.references if r != original.message_id]
    if not refs and original.in_reply_to:
        refs = [original.in_reply_to]
    refs.append(original.message_id)
    if len(refs) > MAX_REFERENCES:
        refs = [refs[0], *refs[-(MAX_REFERENCES - 1) :]]
    return tuple(r for r in refs if r)


def draft_message_id(original_id: str, identity: Identity) -> str:
    """Deterministic per letter and user, on the user's domain: `onfile draft` shows the same id
    the service writes."""
    digest = hashlib.sha256(f"{original_id}\0{identity.email}".encode()).hexdigest()[:24]
    domain = identity.email.rpartition("@")[2] or "onfile.invalid"
    return f"<onfile.{digest}@{domain}>"


def _fill(template: Template, **values: str) -> str:
    return template.substitute(values)


# French elides "de" and "que" before a vowel: "le poste d'Ingénieur", never "de Ingénieur". The
# shipped wording already does; a role or a company put after it must too (a mute "h" is left
# alone: "de Hachette" is right, and telling a mute h from an aspirated one needs a dictionary).
_FRENCH_ELISION = re.compile(r"\b(d|D|qu|Qu)e (?=[aeiouyàâäéèêëîïôöûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜ])")
# Portuguese gives a company the gender of its name's head noun, feminine unless said otherwise
# ("na Natura", "na Universidade do Porto", since "a empresa" is implied), masculine when the name
# opens with a masculine noun ("no Banco do Brasil", "no Grupo Sonae"): "na" becomes "no" there.
_PORTUGUESE_MASCULINE = re.compile(
    r"\b([Nn])a (?=(?:Banco|Grupo|Instituto|Hospital|Centro|Laboratório|Colégio|Ministério|"
    r"Município|Conselho|Serviço|Departamento|Escritório|Hotel|Restaurante|Museu|Teatro|"
    r"Supermercado|Estúdio|Clube|Consórcio|Tribunal|Agrupamento|Politécnico|Gabinete|Jornal|"
    r"Observatório|Fundo|Atelier|Ateliê)\b)"
)


def body_text(
    pack: TemplatePack, detection: Detection, identity: Identity, settings: DraftSettings
) -> str:
    """The body in the pack's language, every field in natural words, never a placeholder."""
    facts = detection.facts
    f = pack.fields
    greeting = (
        _fill(f["greeting_person"], recruiter=facts.recruiter)
        if facts.recruiter
        else _fill(f["greeting_none"])
    )
    if facts.role and facts.company:
        position = _fill(f["position_role_company"], role=facts.role, company=facts.company)
    elif facts.role:
        position = _fill(f["position_role"], role=facts.role)
    elif facts.company:
        position = _fill(f["position_company"], company=facts.company)
    else:
        position = _fill(f["position_none"])
    company_ref = (
        _fill(f["company_ref"], company=facts.company)
        if facts.company
        else _fill(f["company_ref_none"])
    )
    extras = []
    p = pack.paragraphs
    if settings.offer_internship:
        extras.append(_fill(p["internship"]))
    if settings.offer_contract:
        extras.append(_fill(p["contract"]))
    if settings.offer_other_roles:
        extras.append(_fill(p["other_roles"]))
    if settings.network_url:
        extras.append(_fill(p["network"], network_url=settings.network_url))
    if settings.portfolio_url:
        extras.append(_fill(p["portfolio"], portfolio_url=settings.portfolio_url))
    body = pack.bodies[settings.tone].substitute(
        greeting=greeting,
        position=position,
        company_ref=company_ref,
        extras="\n\n".join(extras),
        signature=identity.signature or identity.name,
        name=identity.name,
    )
    if pack.language == "fr":
        body = _FRENCH_ELISION.sub(r"\1'", body)
    elif pack.language == "pt":
        body = _PORTUGUESE_MASCULINE.sub(r"\1o ", body)
    lines = [line.rstrip() for line in body.strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _quoted(pack: TemplatePack, original: Message) -> str:
    sender = str(original.sender) if original.sender else ""
    date = format_datetime(original.date) if original.date else ""
    header_template = pack.notes.get("quote_header") or Template("On $date, $sender wrote:")
    header = header_template.substitute(date=date, sender=sender)
    quoted = "\n".join(f"> {line}".rstrip() for line in original.body.strip().split("\n"))
    return f"{header}\n{quoted}"


def compose(
    packs: dict[str, TemplatePack],
    original: Message,
    detection: Detection,
    identity: Identity,
    settings: DraftSettings,
    now: datetime,
) -> Draft:
    """Build the RFC 5322 draft replying to `original`."""
    pack = packs.get(detection.language) or packs["en"]
    facts = detection.facts
    text = body_text(pack, detection, identity, settings)
    if facts.reply_to is None:
        text = f"{_fill(pack.notes['no_reply'])}\n\n{text}"
    elif facts.reply_to_from_text:
        text = f"{_fill(pack.notes['no_reply_hint'], address=facts.reply_to)}\n\n{text}"
    if settings.quote_original and original.body.strip():
        text = f"{text}\n\n{_quoted(pack, original)}"
    subject = reply_subject(original.subject)
    # A letter without a Message-ID still needs a draft id of its own: derive it from the letter.
    key = original.message_id or "\0".join(
        (original.subject, str(original.sender), str(original.date), original.body)
    )
    message_id = draft_message_id(key, identity)
    references = thread_references(original)
    mail = EmailMessage()
    mail["From"] = formataddr((identity.name, identity.email))
    if facts.reply_to:
        mail["To"] = facts.reply_to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = message_id
    if original.message_id:
        mail["In-Reply-To"] = original.message_id
        mail["References"] = " ".join(references)
        mail[MARKER_HEADER] = original.message_id
    mail["User-Agent"] = "onfile"
    # RFC 5322 §2.1.1 caps lines at 998 octets; long paragraphs go quoted-printable too.
    plain = text.isascii() and all(len(line) < 900 for line in text.split("\n"))
    cte = "7bit" if plain else "quoted-printable"
    mail.set_content(text + "\n", charset="utf-8", cte=cte)
    return Draft(
        to=facts.reply_to,
        subject=subject,
        message_id=message_id,
        in_reply_to=original.message_id,
        references=references,
        body=text,
        raw=mail.as_bytes(),
    )
