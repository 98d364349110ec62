"""Whether a phrase reads as a company's name, and the name cleaned: legal forms, department
words at the ends, possessives and relays ("via Workday") dropped; job boards, tracking
systems, business functions and titles are no company."""

from __future__ import annotations

import re

from onfile.signature import (
    ORG_WORDS,
    UNIT_WORDS,
    fold,
    is_company_word,
    is_org_word,
    strip_titles,
)
from onfile.titles import has_job_noun

# Legal forms after a name ("YinzCam, Inc.", "Rovere S.p.A.", "Weser Logistik GmbH").
LEGAL = (
    r"(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|PLC|plc|LLP|LP|GmbH|mbH|"
    r"AG|SE|KG|e\.\s?V|UG|S\.?A\.?S|S\.?A|S\.?L\.?U|S\.?L|SARL|S\.?à\s?r\.?l|S\.?r\.?l|S\.?p\.?A|"
    r"B\.?V|N\.?V|Lda|Ltda|AB|Oy|ASA|A/S|Pty(?:\s+Ltd)?)"
)
LEGAL_TAIL = re.compile(rf"(?:,?\s+{LEGAL}\.?)$")
LEGAL_AHEAD = re.compile(rf",?\s+{LEGAL}\b")
_DOTTED_END = re.compile(r"(?:\b(?:Inc|Ltd|Corp|Co|Bros)|\w\.\w+)\.$")  # "Inc." "S.A." keep the dot
_PARENTHESES = re.compile(r"\s*\([^)]*\)?")
_RELAYED = re.compile(r"\s+(?:via|vía|through|powered by|tramite|über|par)\s+|\s+[·•|]\s+", re.I)
_WORD = re.compile(r"[\w'’&.+-]+")
_NUMBERS = re.compile(r"\d{4,}|^\d+\s")  # years, ids, street numbers: not in a company name
BOARD_NAMES = frozenset(
    "linkedin indeed ziprecruiter glassdoor monster dice careerbuilder simplyhired wellfound "
    "otta hired handshake stepstone xing welcometothejungle infojobs totaljobs naukri jobteaser "
    "apec".split()
)
PLATFORM_NAMES = BOARD_NAMES | frozenset(
    "greenhouse lever workday myworkday taleo icims smartrecruiters workable personio ashby "
    "teamtailor recruitee jobvite successfactors".split()
)
# Words that never start a company name, words that alone never make one, words to trim.
_NOT_FIRST = frozenset(
    "we our you your i it this that these unfortunately thank thanks please dear hi hello regards "
    "sincerely best after however although ihr ihre ihnen sie wir leider vielen dank nous vous "
    "votre merci malheureusement nosotros usted su gracias lamentablemente wij u uw bedankt helaas "
    "noi lei sua grazie purtroppo nos voce obrigado infelizmente fragen questions absage monday "
    "tuesday wednesday thursday friday saturday sunday january february march april june july "
    "august september october november december montag dienstag mittwoch donnerstag freitag "
    "lundi mardi mercredi jeudi vendredi lunes martes miercoles jueves viernes maandag dinsdag "
    "woensdag donderdag vrijdag lunedi martedi mercoledi giovedi venerdi segunda terca quarta "
    "quinta sexta".split()
)
_GENERIC = frozenset(
    "us uk eu emea apac latam dach na global north america europe germany university corporate "
    "international early graduate the".split()
)
_POSSESSIVES = frozenset("ihr dein deine euer your votre ton tu su vuestro uw je jouw".split())
_FILLERS = _POSSESSIVES | frozenset(
    "the le la les il lo el los las het de o a das die der des du di del della da do dos of at "
    "van von vom bei bij chez and con with us uns ons noi nous conosco".split()
)
# A recruiter's practice or a department ("Finance & Accounting", "Technology Practice", "Achats &
# Supply Chain") is named with business functions only; a company's name has a word of its own.
_FUNCTIONS = frozenset(
    "finance finances financas finanzas finanzen accounting comptabilite contabilidad contabilidade "
    "contabilita controlling operations operaciones operacoes operazioni supply chain "
    "technology technologie tecnologia tech digital data analytics change transformation consumer "
    "healthcare achats compras acquisti einkauf procurement sales vendas ventas vendite vertrieb "
    "marketing hr human resources rh legal juridique engineering industrie industria technik risk "
    "compliance audit tax treasury product products it ict practice & and und et e y en".split()
)


def fold_words(text: str) -> list[str]:
    """The words of `text`, folded (lower case, no accents), empty ones dropped."""
    return [f for w in _WORD.findall(text) if (f := fold(w))]


def legal_end(name: str) -> int:
    """Where a trailing legal suffix (", Inc.", " GmbH") starts in `name`, or -1."""
    found = LEGAL_TAIL.search(name, max(0, len(name) - 16))
    return found.start() if found else -1


def _trim(tokens: list[str], lead: bool = True) -> list[str]:
    """Department words off both ends: "Ihr Recruiting-Team der Acme GmbH" → "Acme GmbH",
    "The Acme Global Talent Acquisition Team" → "Acme"."""
    count = len(tokens)
    while tokens and (
        is_org_word(tokens[-1].strip(".,")) or fold(tokens[-1]) in _FILLERS or not fold(tokens[-1])
    ):
        if fold(tokens[-1]) in _FILLERS and fold(tokens[-1]) and len(tokens) < count:
            return []  # "Head of Recruiting", "Vorsitzende der Kommission": a title, no name
        tokens = tokens[:-1]
    while len(tokens) < count and tokens and fold(tokens[-1]) in _GENERIC:
        tokens = tokens[:-1]
    start = 0
    while lead and start < len(tokens) and fold(tokens[start]) in _POSSESSIVES:
        start += 1
    index, seen_org = start, False
    while (
        lead
        and index < len(tokens)
        and (is_org_word(tokens[index]) or fold(tokens[index]) in _FILLERS)
    ):
        seen_org = seen_org or is_org_word(tokens[index])
        index += 1
        start = index if seen_org else start
    tokens = tokens[start:]
    keeps_the = bool(tokens) and (
        legal_end(" ".join(tokens)) >= 0 or fold(tokens[-1]) in ("group", "companies")
    )
    if len(tokens) < count and len(tokens) > 1 and tokens[0] == "The" and not keeps_the:
        tokens = tokens[1:]  # "The Acme Recruiting Team" → "Acme"
    return tokens


def clean_company(value: str, whole: bool = False) -> str | None:
    """Trim a candidate (parentheticals, "via X", department words at the ends, a full stop but
    not the dot of "Inc.") and return it if it still looks like a company's name. `whole` keeps
    the start: the domain spells the name with it ("Career Changers Forum", careerchangers)."""
    value = _RELAYED.split(_PARENTHESES.sub(" ", value), maxsplit=1)[0]
    tokens = " ".join(value.split()).strip(" ,;:!?-–—\"'“”").split()
    if any(fold(token) in UNIT_WORDS for token in tokens):
        return None  # "Dipartimento di Fisica": a unit, not the employer
    value = " ".join(_trim(tokens, lead=not whole)).rstrip(",;:!?")
    if value.endswith(".") and not _DOTTED_END.search(value):
        value = value[:-1]
    return value if _valid_company(value, whole) else None


def _valid_company(value: str, whole: bool = False) -> bool:
    """Whether a trimmed candidate is a name: not a function, title, platform or sentence."""
    words = fold_words(value)
    if not words or len(value) > 60 or len(words) > 8 or not value[:1].isalnum():
        return False
    if words[0] in _NOT_FIRST or all(w in _GENERIC or w in ORG_WORDS for w in words):
        return False
    if all(is_company_word(w) for w in value.split()):
        return False  # "Services", "Group": a kind of organisation, not one
    if all(w in _FUNCTIONS for w in words):
        return False  # "Finance & Accounting": a practice or a department
    if not whole and any(is_org_word(w) for w in value.split()[1:-1]):
        return False  # "Tech Recruiting Quanta": which part is the name?
    if not PLATFORM_NAMES.isdisjoint(words) or has_job_noun(value, whole_words=True):
        return False
    if strip_titles(value) != value:
        return False  # "Prof. Dr. Lukas Brenner"
    return not value.islower() and _NUMBERS.search(value) is None
