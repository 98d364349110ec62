"""The employer a letter is from: the From display name when something shows it is a company,
else what the subject and body state ("your application to X", "the position at X", "bei der X
GmbH"), the signature ("The X Recruiting Team", "Recruiter, X"), and last the sender's domain.
Job boards and tracking systems are never the employer; names stay as the letter writes them,
with a legal suffix dropped only where the letter also uses the bare name."""

from __future__ import annotations

import re

from onfile.addresses import (
    domain_of,
    is_anonymous_domain,
    is_ats_domain,
    is_job_board_domain,
    is_noreply,
    is_tenant_domain,
    organisation_label,
    registrable_label,
)
from onfile.message import Address, Message
from onfile.orgnames import (
    BOARD_NAMES,
    LEGAL,
    LEGAL_AHEAD,
    clean_company,
    fold_words,
    legal_end,
)
from onfile.sentences import Rx, Sentences, lead, search
from onfile.signature import (
    fold,
    is_company_word,
    is_org_word,
    label_names,
    parse_display,
    person_tokens,
)
from onfile.titles import has_job_noun

# A company name as letters write it: capitalised tokens ("Harbor & Pine Logistics", "eBay",
# "Nuts.com", "The Nexxus Group"), then maybe a legal suffix ("YinzCam, Inc.", "Rovere S.p.A.").
_TOKEN = r"(?:[A-ZÀ-ÖØ-Þ0-9]|[a-z]{1,2}[A-Z])[\w'’+-]*(?:\.[\w'’+-]{2,})*(?![\w'’+-])"
_NAME = (
    rf"(?P<c>(?:The\s+)?{_TOKEN}(?:\s+(?:(?:&|and|of|de)\s+)?(?!{LEGAL}\b){_TOKEN}){{0,5}}"
    rf"(?:,?\s+{LEGAL}\b\.?)?)"
    # not "the Sales Associate role": a title, however much of it the name took
    rf"(?!(?:\s+{_TOKEN})*\s+(?i:position|role|job|opening|vacancy|internship|post)\b)"
)
_PRE = (
    r"(?:(?i:the|der|die|dem|den|la|le|el|a|o|het|il)\s+|(?i:l)[’']\s?)?"
    r"(?:(?i:Firma|soci[ée]t[ée]|entreprise|empresa|bedrijf|azienda|company)\s+)?"
)


def company_rx(words: str, rest: str, *triggers: str) -> Rx:
    """A company pattern: one of `words` (any case of the first letter), then `rest` as written."""
    return Rx(re.compile(rf"\b{lead(words)}{rest}"), triggers)


# Strong: the letter says in so many words that X is the employer. ("interview with X" and
# "team with X" are left out: X is often a person there.)
_STRONG = [
    company_rx(
        "position|role|opening|job|jobs|vacancy|opportunity|opportunities|career|careers|"
        "employment",
        rf"\s+(?i:at|with)\s+{_PRE}{_NAME}",
        *"position role opening job vacanc opportunit career employ".split(),
    ),
    company_rx(
        "internship|interview|interviewing|joining|work|working|team|applying|applied|application",
        rf"\s+(?i:at)\s+{_PRE}{_NAME}",
        *"intern interview join work team appl".split(),
    ),
    company_rx(
        "interest in|interest in joining|interest in working at|interest in working for|"
        "considering|applying to|on behalf of everyone at|on behalf of the team at",
        rf"\s+{_PRE}{_NAME}",
        *"interest considering applying behalf".split(),
    ),
    company_rx(
        "unfortunately",
        rf",?\s+{_NAME}\s+(?:has|have|did|decided|chose)\b",
        "unfortunately",
    ),
    company_rx(
        "bewerbung|interesse|stelle|position|tätigkeit",
        rf"\b[^.\n]{{0,60}}?\sbei\s+{_PRE}{_NAME}",
        "bei",
    ),
    company_rx(
        "chez|au sein de|vous portez à|rejoindre",
        rf"\s+{_PRE}{_NAME}",
        "chez",
        "sein",
        "portez",
        "rejoindre",
    ),
    company_rx(
        "sollicitatie|functie|vacature|interesse|werken|solliciteren",
        rf"\b[^.\n]{{0,60}}?\sbij\s+{_PRE}{_NAME}",
        "bij",
    ),
    company_rx("presso", rf"\s+{_PRE}{_NAME}", "presso"),
]
# An agency names the employer it recruits for: "our client, Acme", "unser Kunde, die Weser AG",
# "notre client Saveurs du Sud", "per conto del nostro cliente Brenta". That is the company the
# letter is about, so it comes before the agency's own name.
_CLIENT = [
    company_rx(
        "our client|my client|on behalf of|unser Kunde|unseren Kunden|unserem Kunden|unsere Kundin|"
        "unser Mandant|unseren Mandanten|unserem Mandanten|unsere Mandantin|unser Auftraggeber|"
        "unseren Auftraggeber|unserem Auftraggeber|unsere Auftraggeberin|meines Kunden|"
        "meinem Kunden|meiner Kundin|meines Mandanten|meinem Mandanten|notre client|"
        "notre cliente|pour le compte de|nuestro cliente|nuestra cliente|por cuenta de|onze klant|"
        "onze opdrachtgever|mijn opdrachtgever|nostro cliente|nostra cliente|per conto di|"
        "nosso cliente|nossa cliente|em nome de|em nome da|em nome do",
        rf",?\s+(?:(?:(?i:our|unser\w*|mein\w*|notre|nuestro|nuestra|nostro|nostra|nosso|nossa)\s+)?"
        rf"(?i:client|clients|cliente|kunden?|kundin|mandant\w*|auftraggeber\w*)\s*,?\s+)?"
        rf"{_PRE}{_NAME}",
        *"client kund mandant auftraggeber klant opdrachtgever behalf compte cuenta conto nome".split(),
    ),
]
# Weak: "en X", "in X", "na X" may name a place; these count only when corroborated.
_WEAK = [
    company_rx(
        "interés en|interés mostrado en|trabajar en|trabajar con|formar parte de|unirte a",
        rf"\s+{_PRE}{_NAME}",
        *"interés trabajar formar unirte".split(),
    ),
    company_rx(
        "puesto|vacante|posición|posicion|candidatura",
        rf"\b[^.\n]{{0,60}}?\s(?:en|con)\s+{_PRE}{_NAME}",
        *"puesto vacante posici candidatura".split(),
    ),
    company_rx(
        "poste|candidature|intérêt",
        rf"\b[^.\n]{{0,60}}?\s(?:à|a)\s+{_PRE}{_NAME}",
        *"poste candidature intérêt".split(),
    ),
    company_rx(
        "posizione|ruolo|candidatura|interesse per|lavorare",
        rf"\b[^.\n]{{0,60}}?\s(?:in|per|con)\s+{_PRE}{_NAME}",
        *"posizione ruolo candidatura interesse lavorare".split(),
    ),
    company_rx(
        "vaga|cargo|candidatura|interesse|trabalhar",
        rf"\b[^.\n]{{0,60}}?\s(?:na|no|em|pela|pelo)\s+{_PRE}{_NAME}",
        *"vaga cargo candidatura interesse trabalhar".split(),
    ),
    company_rx(
        "interesse an|bewerbung für|bewerbung an", rf"\s+{_PRE}{_NAME}", "interesse", "bewerbung"
    ),
]
_SUBJECT_AT = re.compile(r"(?i:application|applying)\s+(?i:to|for)\s+.+?\s+at\s+(?P<c>.+)$")
_SUBJECT_TO = re.compile(r"(?i:application|applying)\s+(?i:to|with)\s+(?P<c>[^-–|:]+)$")
_SUBJECT_LEAD = re.compile(
    rf"^(?:Your\s+)?{_NAME}(?:\s*[-–|:]\s+|\s+(?i:application|bewerbung|candidature|candidatura)\b)"
)
_SIGNATURE_PARTS = re.compile(rf"\s*(?:[·•|/]|\s[-–—]\s|,(?!\s*{LEGAL}\b))\s*")
_WEB_NAME = re.compile(r"\.[a-z]{2,3}$")  # "Nuts.com"
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&'’]*(?:[ -][A-Z][\w&'’]*){0,3}")
_TITLE_WORDS = frozenset(
    "partner associe associee cto ceo coo cfo founder cofounder owner chair chairman president "
    "presidente prasident inhaber gerant geschaftsfuhrer fondateur fundador fondatore socio socia "
    "vennoot eigenaar vorsitzende vorsitzender head leiter leiterin director directeur directrice "
    "responsable".split()
)


def _is_title(part: str) -> bool:
    return has_job_noun(part) or any(fold(w) in _TITLE_WORDS for w in part.split())


def _signature_company(line: str) -> tuple[str | None, bool]:
    """The company in a signature line, and whether the line says so plainly: "Acme GmbH ·
    Street 1", "Technical Recruiter, Acme", "The Acme Recruiting Team", "Carla vom Acme
    Talent Team" are plain; a bare "Acme Analytics" line needs corroboration."""
    parts = [p for p in _SIGNATURE_PARTS.split(line) if p.strip()]
    for part in parts:
        if legal_end(part) >= 0 and (value := clean_company(part)):
            return value, True
    split = parse_display(line, "", label="")
    if split.first and split.org and len(parts) == 1:
        return clean_company(split.org), True  # "Carla vom Quanta Talent Team"
    rest = [
        p for i, p in enumerate(parts) if not _is_title(p) and not (i == 0 and person_tokens(p))
    ]
    for part in rest:
        value = clean_company(part)
        if value:
            plain = len(rest) < len(parts) or fold(value) != fold(part)
            return value, plain
    return None, False


def _collect(out: list[str], patterns: list[Rx], sentences: Sentences, limit: int = 4) -> None:
    for pattern in patterns:
        for sentence in sentences.having(pattern.triggers):
            for value in search(pattern.regex, sentence, "c", clean_company):
                out.append(value)
                if len(out) >= limit:
                    return


def _candidates(
    subject: str, sentences: Sentences, signature: list[str]
) -> tuple[list[str], list[str]]:
    """Company names the letter states plainly (most reliable first), and weaker mentions that
    need corroboration (bare signature lines, the subject's lead, "en X" that may be a place)."""
    strong: list[str] = []
    for regex in (_SUBJECT_AT, _SUBJECT_TO):
        strong.extend(search(regex, subject, "c", clean_company))
    _collect(strong, _STRONG, sentences)
    weak: list[str] = []
    for line in signature:
        value, plain = _signature_company(line)
        if value:
            (strong if plain else weak).append(value)
    weak.extend(search(_SUBJECT_LEAD, subject, "c", clean_company))
    _collect(weak, _WEAK, sentences)
    return strong, weak


def _acronym(short: str, long: str) -> bool:
    letters = "".join(w[0] for w in long.split() if w[:1].isupper() and w not in ("The", "&"))
    return short.isupper() and 2 <= len(short) <= 5 and letters == short


def _expand(name: str, candidates: list[str]) -> str:
    """A fuller form of `name` the letter uses: "CCG" → "Cannabis Creative Group", "TJX" → "The
    TJX Companies, Inc." (an acronym, or the same words with a legal suffix)."""
    mine = fold_words(name)
    for other in candidates:
        theirs = fold_words(other)
        if len(theirs) <= len(mine):
            continue
        contained = any(theirs[i : i + len(mine)] == mine for i in range(len(theirs)))
        if _acronym(name, other) or (contained and legal_end(other) >= 0):
            return other
    return name


def _occurrences(name: str, text: str) -> list[int]:
    """Where `name` occurs in `text` as whole words."""
    found: list[int] = []
    start = text.find(name)
    while start != -1 and len(found) < 20:
        end = start + len(name)
        before, after = text[start - 1 : start] if start else "", text[end : end + 1]
        if not (before and (before.isalnum() or before in "-_")) and not (
            after and (after.isalnum() or after in "-_")
        ):
            found.append(start)
        start = text.find(name, start + 1)
    return found


def _short_form(name: str, text: str) -> str:
    """Drop a legal suffix ("Jelli, Inc." → "Jelli") when the letter also uses the bare name."""
    suffix = legal_end(name)
    short = name[:suffix].rstrip(" ,") if suffix > 0 else ""
    for start in _occurrences(short, text) if short else []:
        if not LEGAL_AHEAD.match(text, start + len(short)):
            return short
    return name


def _display_company(sender: Address, text: str, strong: list[str]) -> str | None:
    """The From display name as the company, when something shows it is one: department words,
    a legal suffix, the domain, a tracking-system tenant, or the letter naming it (a name that
    could be a person's needs more than a mention: the recruiter signs with it)."""
    domain = domain_of(sender.email)
    label = fold(organisation_label(domain))
    display = parse_display(
        sender.name, sender.email, org_evidence=mailer(sender.email), label=label
    )
    if not display.org:
        return None
    name = clean_company(display.org)
    if label and fold(display.org).startswith(label) and not fold(name or "").startswith(label):
        name = clean_company(display.org, whole=True) or name
    if name is None:  # "Tech Recruiting Quanta": the part the domain spells
        tokens = display.org.split()
        runs = " ".join("|" if is_org_word(t) else t for t in tokens).split("|")
        named = [run for run in runs if run.strip() and label_names(run, label)]
        name = clean_company(named[0]) if named else None
    if not name:
        return None
    folded = fold(name)
    person_like = person_tokens(name) is not None  # "Sabine Krüger" at kanzlei-krueger.example
    evidence = (
        display.first is not None  # "Manju - Orbitrix", "Sally from Remote"
        or folded != fold(display.org)  # department words were stripped
        or any(is_company_word(word) for word in name.split())
        or legal_end(name) >= 0
        or _WEB_NAME.search(name) is not None
        or is_tenant_domain(domain)
        or (label_names(name, label) and (not person_like or label.startswith(folded[:4])))
        or (bool(label) and _acronym(label.upper(), name))
        or any(folded == fold(c) or _acronym(name, c) for c in strong)
        or (not person_like and bool(_occurrences(name, text)))
    )
    return name if evidence else None


def _domain_company(addresses: list[Address], text: str) -> str | None:
    """Last resort: a sender's domain, spelt as the text spells it ("boozallen" → "Booz Allen")."""
    for address in addresses:
        domain = domain_of(address.email)
        label = fold(registrable_label(domain))
        if is_anonymous_domain(domain) or len(label) < 3:
            continue
        for run in _CAPITALISED_RUN.finditer(text):
            words = run.group(0).replace("-", " - ").split()
            for end in range(1, len(words) + 1):
                if fold("".join(words[:end])) == label:
                    return " ".join(words[:end]).replace(" - ", "-")
        return " ".join(part.capitalize() for part in registrable_label(domain).split("-") if part)
    return None


def mailer(email: str) -> bool:
    """A no-reply or tracking-system address: its display name is not a person's."""
    return is_noreply(email) or is_ats_domain(domain_of(email))


def board_relay(message: Message) -> bool:
    """True when a job board relays the letter (LinkedIn, Indeed…): its name is no employer."""
    sender = message.sender
    return sender is not None and (
        is_job_board_domain(domain_of(sender.email))
        or not BOARD_NAMES.isdisjoint(fold_words(sender.name))
    )


def senders(message: Message) -> list[Address]:
    """Reply-To addresses, then From."""
    return [*message.reply_to, *([message.sender] if message.sender else [])]


def _choose(
    message: Message,
    subject: str,
    text: str,
    candidates: tuple[list[str], list[str], list[str]],
) -> str | None:
    client, strong, weak = candidates
    relay = board_relay(message)
    explicit = next(search(_SUBJECT_AT, subject, "c", clean_company), None)
    if explicit:  # "Your application to Data Engineer at Acme": the employer, even via an agency
        return _short_form(explicit, text)
    if client:
        return _short_form(client[0], text)
    if message.sender and not relay:
        name = _display_company(message.sender, text, strong)
        if name:
            return _short_form(_expand(name, strong), text)
    labels = [fold(organisation_label(domain_of(a.email))) for a in senders(message)]
    if strong:
        # A signature names a department too ("Head of Product · Tessaro Software GmbH"): the
        # name the sender's domain spells comes first, then one with a legal form.
        spelt = [c for c in strong if any(label_names(c, label) for label in labels)]
        legal = [c for c in strong if legal_end(c) >= 0]
        return _short_form((spelt or legal or strong)[0], text)
    for value in weak:
        repeated = sum(fold(other) == fold(value) for other in weak) > 1
        if repeated or any(label_names(value, label) for label in labels):
            return _short_form(value, text)
    return None if relay else _domain_company(senders(message), text)


def _people(message: Message, signature: list[str]) -> set[str]:
    """Folded full names of the people who send or sign: never the company."""
    names = {fold(a.name) for a in [*senders(message), *message.to] if person_tokens(a.name)}
    names.update(fold(line) for line in signature[:1] if len(person_tokens(line) or ()) > 1)
    return names


def find_company(
    message: Message, subject: str, sentences: Sentences, signature: list[str], text: str
) -> tuple[str | None, list[str]]:
    """The company (or None), and every name the letter uses for an organisation (so that none
    of them is mistaken for a person's). `text` is the subject and flattened body."""
    strong, weak = _candidates(subject, sentences, signature)
    client: list[str] = []
    _collect(client, _CLIENT, sentences, limit=1)
    people = _people(message, signature)
    client, strong, weak = (
        [c for c in found if fold(c) not in people] for found in (client, strong, weak)
    )
    return _choose(message, subject, text, (client, strong, weak)), client + strong + weak
