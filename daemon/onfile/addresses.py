"""Who a reply should reach: no-reply senders, applicant-tracking and job-board mailers, and
addresses a letter offers in its text for questions. Also the domain facts extraction needs:
which domains never name the employer (freemail, ATS, job boards, bulk mailers, examples)."""

from __future__ import annotations

import re
from functools import lru_cache

from onfile.message import Address, Message

# Local parts nobody reads, in the seven languages: noreply, do-not-reply, ne-pas-repondre,
# no-responder, niet-beantwoorden, non-rispondere, nao-responda, nicht-antworten, notifications…
_NOREPLY_LOCAL = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|no[-_.]?responder|nao[-_.]?responda"
    r"|ne[-_.]?pas[-_.]?repondre|nepasrepondre|niet[-_.]?beantwoorden|geen[-_.]?antwoord"
    r"|non[-_.]?rispondere|nicht[-_.]?antworten|keine[-_.]?antwort|notifications?|notify"
    r"|notificaciones|notificacoes|benachrichtigung(?:en)?|mailer[-_.]?daemon|postmaster|bounces?"
    r"|automated|auto[-_.]?confirm|auto[-_.]?reply|alerts?|jobalerts?|newsletters?|news|mailer)"
    r"(?:[-_.+].*)?$"
    r"|^.*[-_.+](?:no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|alerts?)$",
    re.IGNORECASE,
)
# Applicant-tracking systems send from shared mailer domains nobody reads.
ATS_MAILER_DOMAINS = frozenset(
    {
        "greenhouse-mail.io",
        "greenhouse.io",
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
        "successfactors.eu",
        "sapsf.com",
        "sapsf.eu",
        "jobvite.com",
        "bamboohr.com",
        "breezy.hr",
        "jazzhr.com",
        "applytojob.com",
        "avature.net",
        "phenompeople.com",
        "softgarden.io",
        "softgarden.de",
        "dvinci-easy.com",
        "join.com",
        "jobylon.com",
        "pinpointhq.com",
        "comeet.co",
        "zohorecruit.com",
        "freshteam.com",
        "oraclecloud.com",
    }
)
# These relay replies to the recruiter, so their addresses are not no-reply by domain alone.
_RELAYING_ATS = frozenset({"workable.com", "workablemail.com", "personio.de", "personio.com"})
# Tenant mailers: the local part is the employer's, the domain says nothing about it.
_TENANT_DOMAINS = frozenset({"myworkday.com", "myworkdayjobs.com", "workday.com"})
# Job boards relay employers' letters; their own name is never the employer.
JOB_BOARD_DOMAINS = frozenset(
    {
        "linkedin.com",
        "indeed.com",
        "indeedemail.com",
        "ziprecruiter.com",
        "glassdoor.com",
        "monster.com",
        "dice.com",
        "careerbuilder.com",
        "simplyhired.com",
        "wellfound.com",
        "angel.co",
        "otta.com",
        "hired.com",
        "joinhandshake.com",
        "stepstone.de",
        "stepstone.com",
        "xing.com",
        "welcometothejungle.com",
        "infojobs.net",
        "infojobs.it",
        "totaljobs.com",
        "reed.co.uk",
        "seek.com.au",
        "naukri.com",
        "jobteaser.com",
        "apec.fr",
        "nationalevacaturebank.nl",
        "jobs.ch",
        "catho.com.br",
        "computrabajo.com",
    }
)
_FREEMAIL = frozenset(
    "gmail googlemail outlook hotmail live msn yahoo ymail aol icloud me mac gmx web t-online "
    "freenet mail yandex proton protonmail pm zoho fastmail hey tutanota tuta orange free laposte "
    "sfr wanadoo libero virgilio tiscali alice uol bol terra ziggo kpnmail hetnet telenet "
    "skynet seznam posteo mailbox arcor".split()
)
# Bulk-mail services and mail hosts: a From on these says nothing about the employer.
_SERVICE_DOMAINS = frozenset(
    {
        "sendgrid.net",
        "mailgun.org",
        "amazonses.com",
        "mandrillapp.com",
        "mcsv.net",
        "mailchimp.com",
        "sparkpostmail.com",
        "postmarkapp.com",
        "mailjet.com",
        "sendinblue.com",
        "brevo.com",
        "hubspotemail.net",
        "exacttarget.com",
        "salesforce.com",
        "force.com",
        "constantcontact.com",
        "google.com",
        "googlegroups.com",
        "microsoft.com",
        "onmicrosoft.com",
    }
)
_SECOND_LEVEL = frozenset("co com org net ac gov edu ne or gob nom ltd plc".split())
_RESERVED_TLDS = frozenset("example test invalid localhost local internal".split())
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}")
# Where an address is offered for questions (or for replies), in the seven languages.
_OFFER_CONTEXT = re.compile(
    r"question|contact|reach|write|e-?mail (?:us|me)|get in touch|repl|queries|fragen|kontakt|"
    r"wenden|schreiben|rückfrage|contacter|écri|joindre|pregunta|dud|contact|escrib|vragen|"
    r"mail(?:en)? (?:ons|naar)|bereikbaar|domand|contatt|scriv|dúvida|duvida|pergunta|contato|"
    r"escrev|mailto",
    re.IGNORECASE,
)
_UNWANTED_LOCAL = re.compile(
    r"^(?:privacy|dataprotection|data[-_.]?protection|datenschutz|dpo|gdpr|rgpd|legal|abuse|"
    r"unsubscribe|support|help|helpdesk|webmaster|info-?privacy|security)(?:[-_.+].*)?$",
    re.IGNORECASE,
)


def domain_of(email: str) -> str:
    """The domain part of an address, lower-cased."""
    return email.rpartition("@")[2].strip().lower().rstrip(".")


def _within(domain: str, suffixes: frozenset[str]) -> bool:
    """True if `domain` is one of `suffixes` or a subdomain of one."""
    labels = domain.split(".")
    return any(".".join(labels[i:]) in suffixes for i in range(len(labels) - 1))


@lru_cache(maxsize=2048)
def is_ats_domain(domain: str) -> bool:
    """True for applicant-tracking mailers (including Workday-style tenant domains)."""
    return _within(domain.lower(), ATS_MAILER_DOMAINS | _TENANT_DOMAINS)


@lru_cache(maxsize=2048)
def is_job_board_domain(domain: str) -> bool:
    """True for job boards that relay employers' letters (LinkedIn, Indeed, ZipRecruiter…)."""
    return _within(domain.lower(), JOB_BOARD_DOMAINS)


def is_tenant_domain(domain: str) -> bool:
    """True where the local part names the employer (chewy@myworkday.com)."""
    return _within(domain.lower(), _TENANT_DOMAINS)


def registrable_label(domain: str) -> str:
    """The label an organisation registered: `acme` for careers.acme.co.uk."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else ""


@lru_cache(maxsize=2048)
def organisation_label(domain: str) -> str:
    """The registrable label when the domain is an organisation's own ("acme" for
    careers.acme.io, also for the invented acme.example), else "" (freemail, ATS, job boards,
    bulk mailers, example.com)."""
    domain = domain.lower().strip(".")
    label = registrable_label(domain)
    if label in ("example", "") or label in _FREEMAIL or is_ats_domain(domain):
        return ""
    return "" if is_job_board_domain(domain) or _within(domain, _SERVICE_DOMAINS) else label


def is_anonymous_domain(domain: str) -> bool:
    """True for domains that never name the employer: freemail, ATS, job boards, bulk mailers,
    and reserved example domains (example.com, *.example, *.test…)."""
    domain = domain.lower().strip(".")
    return domain.rpartition(".")[2] in _RESERVED_TLDS or not organisation_label(domain)


@lru_cache(maxsize=2048)
def is_noreply(email: str) -> bool:
    """True for addresses a reply would not reach a person at."""
    local, _, domain = email.strip().lower().rpartition("@")
    if not local or _NOREPLY_LOCAL.match(local):
        return True
    if is_job_board_domain(domain):
        return True
    return _within(domain, ATS_MAILER_DOMAINS) and not _within(domain, _RELAYING_ATS)


def offered_address(body: str, exclude: tuple[str, ...] = ()) -> str | None:
    """An address the text offers for questions (or in its signature), skipping no-reply,
    tracking-system, job-board and privacy/support addresses and those in `exclude`."""
    pos, limit = 0, min(len(body), 20_000)
    while (at := body.find("@", pos, limit)) != -1:
        match = _EMAIL.search(body, max(pos, at - 64), at + 256)
        if match is None or not match.start() < at < match.end():
            pos = at + 1
            continue
        pos = match.end()
        email = match.group(0).strip(".").lower()
        if (
            email in exclude
            or is_noreply(email)
            or _UNWANTED_LOCAL.match(email.partition("@")[0])
            or is_ats_domain(domain_of(email))
        ):
            continue
        before = body[max(0, match.start() - 100) : match.start()].rpartition("\n\n")[2]
        if _OFFER_CONTEXT.search(before):
            return email
    return None


def reply_address(message: Message, own: tuple[str, ...] = ()) -> tuple[str | None, bool]:
    """The address a reply should go to (Reply-To, else From, unless no-reply), and whether it
    was only found in the text. The user's own addresses are never returned."""
    own_lower = tuple(o.strip().lower() for o in own)
    candidates: list[Address] = [*message.reply_to]
    if message.sender:
        candidates.append(message.sender)
    for candidate in candidates:
        email = candidate.email.strip().lower()
        if not is_noreply(email) and email not in own_lower:
            return email, False
    recipients = tuple(a.email.lower() for a in message.to)
    offered = offered_address(message.body, own_lower + recipients)
    return offered, offered is not None
