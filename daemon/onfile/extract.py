"""What a rejection letter tells about itself: the company, the role, the first name of a person
who signs it, and where a reply should go. Pure: a Message in, Facts out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from onfile.addresses import domain_of, is_ats_domain, reply_address
from onfile.message import Message


@dataclass(frozen=True)
class Facts:
    """Extracted fields; None where the letter does not tell."""

    company: str | None
    role: str | None
    recruiter: str | None
    reply_to: str | None
    reply_to_from_text: bool = False


_NAME_CHARS = r"[A-Z0-9À-Þ][\w&.,'’()/+ -]{0,60}?"
_ROLE_CHARS = r"[\w&.,'’()/+#: -]{2,90}?"

# Role: "for the X position", "Your application for X", "candidature au poste de X", …
_ROLE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?:application|applying|interest|candidacy)\s+(?:to|for|in)\s+(?:the\s+|our\s+)?(?:position\s+of\s+|role\s+of\s+)?(?P<v>"
        + _ROLE_CHARS
        + r")\s+(?:position|role|opening|job|vacancy|opportunity)\b",
        r"(?:for|to)\s+the\s+(?P<v>" + _ROLE_CHARS + r")\s+(?:position|role|opening|vacancy)\b",
        r"(?:position|role|post)\s+of\s+(?P<v>"
        + _ROLE_CHARS
        + r")(?=\s+(?:at|with|in)\b|[.,;!\n])",
        r"bewerbung\s+(?:als|für\s+die\s+(?:stelle|position)(?:\s+als)?|auf\s+die\s+stelle(?:\s+als)?)\s+(?P<v>"
        + _ROLE_CHARS
        + r")(?=\s+(?:bei|in|im)\b|[.,;!\n]|$)",
        r"candidature\s+(?:au\s+poste\s+(?:de|d')\s*|pour\s+le\s+poste\s+(?:de|d')\s*)(?P<v>"
        + _ROLE_CHARS
        + r")(?=\s+(?:chez|au sein|à)\b|[.,;!\n]|$)",
        r"candidatura\s+(?:al\s+puesto\s+de|para\s+el\s+puesto\s+de|a\s+la\s+(?:vacante|posición)\s+de|para\s+a\s+vaga\s+de|à\s+vaga\s+de|per\s+la\s+posizione\s+di|per\s+il\s+ruolo\s+di)\s+(?P<v>"
        + _ROLE_CHARS
        + r")(?=\s+(?:en|na|no|em|presso|in)\b|[.,;!\n]|$)",
        r"sollicitatie\s+(?:als|voor\s+de\s+(?:functie|vacature|positie)(?:\s+van)?)\s+(?P<v>"
        + _ROLE_CHARS
        + r")(?=\s+(?:bij|in)\b|[.,;!\n]|$)",
    )
]
_SUBJECT_ROLE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:re:\s*)?(?:your\s+)?application\s+(?:to|for)\s+(?:the\s+)?(?P<v>.+?)(?:\s+(?:position|role))?\s+at\s+.+$",
        r"^(?:re:\s*)?(?:your\s+)?application\s+(?:to|for)\s+(?:the\s+)?(?P<v>.+?)(?:\s+(?:position|role))?\s*(?:[-–|(].*)?$",
        r"^(?:re:\s*)?(?:update\s+on\s+)?(?:your\s+)?application:\s*(?P<v>.+?)(?:\s+(?:at|[-–|])\s+.+)?$",
        r"^(?:absage|ihre\s+bewerbung)(?:\s+als|:)\s*(?P<v>.+?)(?:\s+bei\s+.+)?$",
    )
]
# Company: "position at X", "interest in X", "The X Team", "X Talent Acquisition".
_COMPANY_PATTERNS = [
    re.compile(p)
    for p in (
        r"(?i:position|role|opening|opportunity|opportunities|career|careers|job|interest in joining|joining)\s+(?i:at|with)\s+(?P<v>"
        + _NAME_CHARS
        + r")(?=\s+(?:in|and|for|is|was|has|we)\b|[.,;!\n]|$)",
        r"(?i:interest in(?: working (?:at|for|with))?|applying (?:to|at|with)|application (?:to|with))\s+(?P<v>"
        + _NAME_CHARS
        + r")(?=[.,;!\n]|\s+(?:and|for|in)\b|$)",
        r"(?i:the)\s+(?P<v>"
        + _NAME_CHARS
        + r")\s+(?i:recruiting|talent acquisition|talent|hiring|people|hr|careers|recruitment)\s+(?i:team)",
        r"(?i:bei der|bei)\s+(?P<v>"
        + _NAME_CHARS
        + r")(?=\s+(?:entgegengebracht|beworben|interessiert)|[.,;!\n])",
        r"(?i:chez|au sein de)\s+(?P<v>" + _NAME_CHARS + r")(?=[.,;!\n]|$)",
        r"(?i:en|na|no|presso|bij)\s+(?P<v>" + _NAME_CHARS + r")(?=[.,;!\n]|$)",
    )
]
_ORG_WORDS = re.compile(
    r"\b(?:recruiting|recruitment|recruiter|talent(?:\s+acquisition)?|careers?|jobs?|hiring(?:\s+team)?|"
    r"hr|human resources|people(?:\s+team)?|team|notifications?|no-?reply|via\s+\w+|personal|"
    r"bewerbermanagement|personalabteilung|recrutement|recursos humanos|reclutamiento|werving|selezione)\b",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"^(?:best|kind|warm|warmest|many thanks|thanks|thank you|sincerely|regards|best wishes|all the best|cheers|"
    r"respectfully|yours|mit freundlichen grüßen|viele grüße|beste grüße|freundliche grüße|herzliche grüße|"
    r"cordialement|bien cordialement|salutations|saludos|atentamente|un saludo|cordiales saludos|"
    r"met vriendelijke groet(?:en)?|groeten|hartelijke groet|cordiali saluti|distinti saluti|saluti|"
    r"atenciosamente|cumprimentos|com os melhores cumprimentos|abraços)\b[^\n]{0,30}$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"^(?P<first>[A-ZÀ-Þ][a-zà-ÿ'’-]+)(?:\s+[A-ZÀ-Þ][\wà-ÿ'’.-]+){0,2}$")
_FREEMAIL = (
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "gmx.de",
    "web.de",
    "icloud.com",
)
_NOT_NAMES = frozenset(
    "the team hiring recruiting talent human people careers jobs hr your our dear hello hi".split()
)


def _clean(value: str) -> str | None:
    value = re.sub(r"\s+", " ", value).strip(" .,;:-–—'\"“”‘’")
    if not value or len(value) > 80 or value.lower() in {"you", "us", "our team", "this", "the"}:
        return None
    return value


def _first(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            value = _clean(match.group("v"))
            if value:
                return value
    return None


def _company_from_display(message: Message) -> str | None:
    if not message.sender or not message.sender.name:
        return None
    name = message.sender.name
    stripped = _clean(_ORG_WORDS.sub(" ", name).replace("@", " "))
    if not stripped or (stripped == name and _PERSON.match(name) and " " in name):
        return None  # a person's name, not a company's
    return stripped


def _company_from_domain(message: Message) -> str | None:
    if not message.sender:
        return None
    domain = domain_of(message.sender.email)
    if is_ats_domain(domain) or domain in _FREEMAIL or domain.endswith("myworkday.com"):
        return None
    labels = domain.split(".")
    label = labels[-2] if len(labels) >= 2 else labels[0]
    return label.replace("-", " ").title() if label else None


def _recruiter(message: Message) -> str | None:
    lines = [line.strip() for line in message.body.split("\n")]
    for index, line in enumerate(lines):
        if _SIGNOFF.match(line):
            for following in lines[index + 1 : index + 3]:
                if not following:
                    continue
                person = _PERSON.match(following.split(",")[0].strip())
                if person and person.group("first").lower() not in _NOT_NAMES:
                    if not _ORG_WORDS.search(following.split(",")[0]):
                        return person.group("first")
                break
    return None


def extract(message: Message, own_addresses: tuple[str, ...] = ()) -> Facts:
    """Extract company, role, recruiter and reply address from a letter."""
    body = message.body[:8000]
    role = _first(_SUBJECT_ROLE, message.subject) or _first(_ROLE_PATTERNS, body)
    company = (
        _company_from_display(message)
        or _first(_COMPANY_PATTERNS, body)
        or _company_from_domain(message)
    )
    reply_to, from_text = reply_address(message, own_addresses)
    return Facts(
        company=company,
        role=role,
        recruiter=_recruiter(message),
        reply_to=reply_to,
        reply_to_from_text=from_text,
    )
