"""People in a letter, in the seven languages: whether a display name is a person's (and which
organisation it names), the lines after the sign-off, and the first name of the person who signs.
A name counts only with evidence, so that neither "Sincerely" nor "Acme Talent" is greeted."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from onfile.titles import has_job_noun

_NON_ALNUM = {code: None for code in range(128) if not chr(code).isalnum()}


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only ("Jürgen Böhm" → "jurgenbohm")."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
        text = text.encode("ascii", "ignore").decode()
    return text.lower().translate(_NON_ALNUM)


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


# Department and team words (folded): a name holding one is an organisation's, and they are
# trimmed off company names ("Acme Talent Acquisition" → "Acme").
ORG_WORDS = _folded(
    """recruiting recruitment recruiter recruiters talent talents talento talentos acquisition
    careers career jobs job hiring hr rh rrhh human humans humanos humana humano resources
    ressources recursos risorse umane humaines people team teams notification notifications
    noreply reply mailer alerts alert support admin office sourcing employer employment campus
    early graduate graduates internship internships student students programme program programa
    programma applicant applicants application applications candidate candidates onboarding
    assessment assessments account accounts committee commission comisión commissione service
    servicio servizio serviço équipe equipo equipe squadra dotation selection selección seleção
    selezione selectie werving vacatures reclutamiento recrutamento recrutement recrutements emploi
    empleo carrières carreiras carriere personas gente gestión gestão atracción atração personale
    personeel personeelszaken personal ausbildung prácticas estágio estágios tirocini tirocinio
    stage stages amministrazione administration administración direction dirección direzione
    ufficio serviços servicios servizi werken arbeiten travailler trabaja trabajar lavora lavorare
    trabalhe trabalhar p&o client clients customer kunden cliente clientes klanten scolarité
    admissions admisiones inscriptions"""
)
# Beginnings and endings of compound department words ("Personalabteilung", "Recruiting-Team").
_ORG_PREFIXES = (
    "personal",
    "recruit",
    "ausbildung",
    "bewerber",
    "karriere",
    "personeel",
    "selecti",
)
_ORG_SUFFIXES = ("team", "abteilung", "kommission", "komitee", "service", "sekretariat")
# Units of an institution: what follows them ("Dipartimento di Fisica") is no employer's name.
UNIT_WORDS = _folded(
    """department dipartimento departamento département departement abteilung afdeling faculty
    facultad faculté fakultät lehrstuhl sekretariat secretariaat secretaría segreteria vakgroep"""
)
# Kinds of organisation (folded): a name holding one is a company's, not a person's.
COMPANY_WORDS = _folded(
    """group groep gruppe groupe grupo gruppo consulting consultancy consultants conseil
    consultoria solutions systems systeme sistemas technologies technology technologie
    tecnología tecnologías tech labs lab partners holdings holding industries industrie
    international ventures capital bank banca banco banque insurance versicherung versicherungen
    verzekeringen assurances assicurazioni seguros health healthcare santé salud saúde energy
    energie energia logistics logistik logistique logística logistiek analytics media medien
    studios studio estudio software networks digital data cloud security financial finance
    motors automotive pharma therapeutics sciences institute institut instituto istituto
    foundation fondation fundación fundação fondazione stiftung stichting agency agence agencia
    agenzia company companies compagnie compañía companhia corporation corp inc llc ltd limited
    gmbh ag se sa sas sarl srl spa bv nv plc llp kg lda ltda mbh associates enterprises
    services marketing retail foods airlines aerolíneas robotics games entertainment
    interactive works staffing hotel hotels hoteles hôtel hospital hôpital ospedale clinic
    clínica klinik kliniek school escola escuela école scuola university université universidad
    università universidade universiteit universität college academy akademie restaurant
    ristorante trattoria brasserie bakery padaria boulangerie panadería farmacia farmacias
    pharmacie apotheke apotheek shop store tienda negozio loja winkel boutique atelier imprimerie
    librería mercado supermercados supermarket market kanzlei cabinet despacho legale abogados
    avocats rechtsanwälte advocaten council gemeente mairie stadt ville city comune municipio
    prefeitura ayuntamiento provincie province regione county borough brouwerij brewery
    bouwbedrijf construction constructora construtora bau metalúrgica meccanica maschinenbau
    stadtwerke elektro distribution distribuidora contabilidade fiduciaire coopérative
    cooperativa genossenschaft zorg woonzorg association asociación associazione associação
    centre center centro zentrum fabriek fabrik factory usine viaggi travel reisen voyages maison
    search"""
)
# Words that start a line but are never a first name.
_NOT_FIRST = _folded(
    """the team your our dear hello hi hallo bonjour hola hoi ciao olá sincerely regards best
    thanks thank kind warm yours with many all cheers please note this that we you us
    unfortunately sent from via confidential disclaimer everyone staff crew folks mit viele beste
    liebe herzliche bien un met vriendelijke cordiali distinti saluti atenciosamente cordialement
    saludos engineering product design operations sales legal management leadership finance
    global corporate admissions customer contact info news newsletter community membership
    partnerships research development im auftrag ihr ihre dein deine euer votre ton tu su
    vuestro il le la el het uw je jouw time secretariat secretariaat sekretariat secretaría
    segreteria vorsitzende vorsitzender chair ceo cto founder für for pour para per voor"""
)
SIGNOFF = re.compile(
    r"(?:best|best regards|kind regards|kindest regards|warm regards|warmest regards|regards|"
    r"with (?:kind |best |warm )?regards|many thanks|thanks|thank you|thanks again|sincerely|"
    r"yours sincerely|sincerely yours|yours truly|yours faithfully|best wishes|with best wishes|"
    r"warm wishes|all the best|cheers|respectfully|take care|best of luck|good luck|"
    r"mit freundlichen gr(?:ü|ue|u)(?:ß|ss)en|freundliche gr(?:ü|ue)(?:ß|ss)e|viele gr(?:ü|ue)(?:ß|ss)e|"
    r"beste gr(?:ü|ue)(?:ß|ss)e|herzliche gr(?:ü|ue)(?:ß|ss)e|liebe gr(?:ü|ue)(?:ß|ss)e|"
    r"mit besten gr(?:ü|ue)(?:ß|ss)en|sch(?:ö|oe)ne gr(?:ü|ue)(?:ß|ss)e|gru(?:ß|ss)|mfg|"
    r"cordialement|bien cordialement|bien (?:à|a) vous|sinc(?:è|e)res salutations|"
    r"meilleures salutations|salutations distingu(?:é|e)es|avec nos meilleures salutations|"
    r"bien sinc(?:è|e)rement|belle journ(?:é|e)e|(?:à|a) bient(?:ô|o)t|"
    r"saludos|un saludo|un cordial saludo|saludos cordiales|cordiales saludos|atentamente|"
    r"muchas gracias|un abrazo|reciba un cordial saludo|afectuosamente|"
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|"
    r"met hartelijke groet(?:en)?|groeten|groet|hoogachtend|mvg|"
    r"cordiali saluti|distinti saluti|saluti|un saluto|un caro saluto|cordialmente|"
    r"atenciosamente|cumprimentos|melhores cumprimentos|com os melhores cumprimentos|"
    r"abra(?:ç|c)os?|um abra(?:ç|c)o|sauda(?:ç|c)(?:õ|o)es|att|grazie|gracias|merci|obrigad[oa])",
    re.IGNORECASE,
)
_SIGNOFF_LINE = re.compile(
    r"^[-–—\s]*(?:" + SIGNOFF.pattern + r")\s*[,.!:;]?\s*(?:[,–—-]\s*(?P<name>.+))?$",
    re.IGNORECASE,
)
_SIGNOFF_FIRST = _folded(
    """best kind kindest warm warmest regards with many thanks thank sincerely yours all cheers
    respectfully take good mit freundliche viele beste herzliche liebe schöne schoene gruß gruss
    mfg cordialement bien sincères meilleures salutations avec belle à a saludos un cordiales
    atentamente muchas reciba afectuosamente met vriendelijke hartelijke groeten groet
    hoogachtend mvg cordiali distinti saluti cordialmente atenciosamente cumprimentos melhores
    com abraços abraço um saudações att grazie gracias merci obrigado obrigada"""
)
_DASH_NAME = re.compile(r"^(?:[–—]|--)\s*(?P<name>[^-–—\s].{1,60})$")
# Titles and "on behalf of" marks before a name: "Dr.", "Mag.", "Dipl.-Ing.", "i. A.", "p.p.".
_TITLES = re.compile(
    r"^(?:(?:dr|prof|pr|mr|mrs|ms|mx|miss|herr|frau|mme|mlle|m|sr|sra|srta|dhr|mevr|sig|sig\.ra|"
    r"dott|dott\.ssa|ing|ir|drs|mag|dipl\.?-?\s?ing|dipl|mba|i\.\s?a|i\.\s?v|p\.\s?p|pp|p\.\s?o)\.?\s+)+",
    re.IGNORECASE,
)
_ON_BEHALF = re.compile(
    r"^(?:im auftrag|i\.\s?a\.?|p\.\s?p\.?|on behalf of|namens|per procura)$", re.I
)
_NAME_TOKEN = re.compile(r"^[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*$")
_NAME_PARTS = re.compile(r"[-'’]")
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_PARTICLES = frozenset(
    "van von de da di del della der den du le la dos das ten ter y e bin".split()
)
# "Manju - SynergisticIT", "Sally from Remote", "Mila vom Kiezkollektiv", "Marta de Kivra".
_DISPLAY_SPLIT = re.compile(
    r"^(?P<person>[^|@(,]+?)\s*(?P<sep>\s[-–—|@]\s*|\s(?:from|at|of|von|vom|de|da|di|do|bei|chez"
    r"|van|via)\s|\s*\()(?P<org>[^()]+?)\)?$",
    re.IGNORECASE,
)
_EXPLICIT = frozenset(
    "from at von vom bei chez via".split()
)  # unlike "de", never a surname particle
_NAME_END = re.compile(r"\s*(?:,|\||·|•|\s[-–—]\s|\t|\s{3,})\s*")
_LOCAL_PARTS = re.compile(r"[._-]+")
_SEVERAL = re.compile(r"\s(?:and|und|et|y|en|e|&)\s")
_LEGAL_WORD = re.compile(r"\b(?:Inc|LLC|Ltd|GmbH|AG|S\.?A|S\.?L|B\.?V|N\.?V|Corp|S\.?p\.?A)\b")


@dataclass(frozen=True)
class DisplayName:
    """What a display name says: a person's first name and/or an organisation's name."""

    first: str | None
    org: str | None


_COMPANY_SUFFIXES = (
    "buro",
    "bureau",
    "kantoor",
    "bedrijf",
    "fabriek",
    "fabrik",
    "gesellschaft",
    "handel",
    "technik",
)


@lru_cache(maxsize=8192)
def is_company_word(word: str) -> bool:
    """True for a kind of organisation, also inside compounds ("Ingenieurbüro")."""
    folded = fold(word)
    return folded in COMPANY_WORDS or (len(folded) > 6 and folded.endswith(_COMPANY_SUFFIXES))


@lru_cache(maxsize=8192)
def is_org_word(word: str) -> bool:
    """True for a department or team word, also inside compounds ("Personalabteilung")."""
    folded = fold(word)
    if folded in ORG_WORDS or any(part in ORG_WORDS for part in fold_parts(word)):
        return True
    return len(folded) > 5 and (folded.startswith(_ORG_PREFIXES) or folded.endswith(_ORG_SUFFIXES))


def fold_parts(word: str) -> list[str]:
    return [fold(part) for part in word.split("-") if part] if "-" in word else []


def _fold_variants(word: str) -> set[str]:
    german = word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return {fold(word), fold(german)}


def _is_name_token(token: str) -> bool:
    """ "Anna", "Jean-Luc", "O'Neil": letters, each part capitalised, the rest lower case."""
    if not _NAME_TOKEN.match(token):
        return False
    parts = _NAME_PARTS.split(token)
    return all(part[:1].isupper() and (len(part) == 1 or part[1:].islower()) for part in parts)


def strip_titles(text: str) -> str:
    return _TITLES.sub("", text.strip().strip("\"'“”")).strip()


@lru_cache(maxsize=4096)
def person_tokens(text: str) -> tuple[str, ...] | None:
    """The name tokens if `text` looks like a person's name ("Anna", "Jürgen Böhm", "Pawan K.",
    "Maria de la Cruz"), else None."""
    tokens = strip_titles(text).split()
    if not 1 <= len(tokens) <= 4 or not _is_name_token(tokens[0]):
        return None
    for token in tokens[1:]:
        if not (_is_name_token(token) or _INITIAL.match(token) or token in _PARTICLES):
            return None
    if {fold(t) for t in tokens} & _NOT_FIRST:
        return None
    if any(is_org_word(t) or is_company_word(t) for t in tokens):
        return None
    return None if SIGNOFF.fullmatch(tokens[0]) else tuple(tokens)


def local_matches(tokens: tuple[str, ...], email: str) -> bool:
    """True when the address's local part is built from the name (anna, anna.smith, asmith,
    anna.s, juergen.boehm for Jürgen Böhm)."""
    parts = [p for p in _LOCAL_PARTS.split(email.partition("@")[0].casefold()) if p]
    if not parts:
        return False
    first = _fold_variants(tokens[0])
    last = _fold_variants(tokens[-1].strip(".")) if len(tokens) > 1 else set()
    joined = "".join(parts)
    if parts[0] in first or joined in first:
        return True
    for given in first:
        for surname in last:
            if joined in (
                given + surname,
                given[:1] + surname,
                surname + given,
                surname + given[:1],
            ):
                return True
    return (
        bool(last) and len(parts) == 2 and parts[-1] in last and parts[0][:1] == fold(tokens[0])[:1]
    )


def label_names(name: str, label: str) -> bool:
    """True if the domain label spells the (start of the) organisation's name: "Kivra" for
    kivra, "Krüger & Partner" for kanzlei-krueger-partner."""
    words = [w for w in re.findall(r"[^\W_]+", name) if len(fold(w)) >= 3]
    if not label or not words:
        return False
    if any(variant in label for variant in _fold_variants(words[0]) if len(variant) >= 3):
        return True
    distinctive = [w for w in words[1:] if len(w) >= 4 and fold(w) not in COMPANY_WORDS]
    return any(variant in label for w in distinctive for variant in _fold_variants(w))


@lru_cache(maxsize=2048)
def parse_display(
    name: str, email: str, org_evidence: bool = False, label: str = ""
) -> DisplayName:
    """Split a display name into a person's first name and an organisation. A name counts as a
    person only with evidence (the address is built from it, "Name from Org", a last initial);
    `org_evidence` (a no-reply or tracking-system address) rules a person out. `label` is the
    sender's domain label, which tells "Marta de Kivra" (Kivra) from "Marloes de Vries"."""
    name = " ".join(name.replace('"', " ").split())
    if not name or ("@" in name and " " not in name):
        return DisplayName(None, None)
    whole = person_tokens(name)
    split = _DISPLAY_SPLIT.match(name)
    if split:
        person, org = split.group("person"), split.group("org").strip()
        tokens = person_tokens(person)
        explicit = split.group("sep").strip().casefold() in _EXPLICIT
        particle = split.group("sep").strip().casefold() in _PARTICLES
        if particle and tokens and _spelt_in_local_part(org, email):
            return DisplayName(tokens[0], None)  # "Sophie de Wit" <sophie.dewit@…>: a surname
        evidence = explicit or label_names(org, label) or (tokens and local_matches(tokens, email))
        department = bool(org) and is_org_word(org.split()[0]) and not explicit
        if department and not (tokens and local_matches(tokens, email)):
            tokens = None  # "Serviços de Recursos Humanos": one department, not "person de org"
        if tokens and len(tokens) <= 3 and not org_evidence and (evidence or not whole):
            return DisplayName(tokens[0], org or None)
        if all(is_org_word(word) for word in person.split()):
            return DisplayName(None, org or None)  # "Careers at Acme", "Jobs | Acme"
    if whole and not org_evidence:
        initial = len(whole) == 2 and bool(_INITIAL.match(whole[1]))
        if initial or local_matches(whole, email):
            return DisplayName(whole[0], None)
    return DisplayName(None, name)


def _spelt_in_local_part(org: str, email: str) -> bool:
    """Whether the address's local part spells `org`, as it spells a surname after a particle
    ("van der Meer" in joost.vandermeer@…), never a company ("Marta de Kivra" at marta@kivra…)."""
    letters = "".join(re.findall(r"[^\W\d_]+", fold(org)))
    local = "".join(re.findall(r"[^\W\d_]+", fold(email.split("@", 1)[0])))
    return len(letters) >= 2 and letters in local


def _opens_signature(line: str) -> re.Match[str] | None:
    if not line or len(line) > 60:
        return None
    first = fold(line.split(None, 1)[0])
    if line[0] in "–—-" or first in _SIGNOFF_FIRST:
        return _SIGNOFF_LINE.match(line) or _DASH_NAME.match(line)
    return None


def signature_lines(lines: list[str]) -> list[str]:
    """The non-blank lines after the last sign-off ("Best regards," "— Anna"), at most four; a
    name on the sign-off line itself ("Thanks, Omar") comes first; "i. A." lines are skipped."""
    start = None
    for index, line in enumerate(lines):
        if _opens_signature(line):
            start = index
    if start is None:
        return []
    head = _opens_signature(lines[start])
    out = [head.group("name")] if head and head.group("name") else []
    out += [line for line in lines[start + 1 : start + 8] if line and not _ON_BEHALF.match(line)]
    return out[:4]


def signer(signature: list[str], not_names: set[str], senders: list[tuple[str, str]]) -> str | None:
    """The first name of the person who signs, or None. `not_names` holds folded words that are
    organisations' (company, domain labels) or the recipient's; `senders` the (display name,
    address) pairs of From and Reply-To. A lone first name needs corroboration: the sender's
    address or name, or a next line with the full name or a job title."""
    if not signature or _SEVERAL.search(signature[0]) or _LEGAL_WORD.search(signature[0]):
        return None  # several people sign, or a company does
    line = strip_titles(signature[0])
    split = _DISPLAY_SPLIT.match(line)
    explicit = split is not None and split.group("sep").strip().casefold() in _EXPLICIT
    if split and explicit:
        line = split.group("person")  # "Carla vom Quanta Talent Team"
    tokens = person_tokens(_NAME_END.split(line, maxsplit=1)[0])
    if not tokens or fold(" ".join(tokens)) in not_names:
        return None
    long = [fold(t) for t in tokens if len(t) > 2]
    if long and all(any(t in name for name in not_names if len(name) > 3) for t in long):
        return None  # "Vini Bertoldi" for vinibertoldi.example: the company's name
    if len(tokens) == 1 and not explicit and not _corroborated(tokens[0], signature[1:2], senders):
        return None
    return tokens[0]


def _corroborated(first: str, following: list[str], senders: list[tuple[str, str]]) -> bool:
    """A lone first name is a person's if a sender is named so or has an address built from it,
    or if the next line repeats it with a surname or gives a job title ("Talent Partner")."""
    folded = _fold_variants(first)
    for name, email in senders:
        person = parse_display(name, email).first
        if local_matches((first,), email) or (person and fold(person) in folded):
            return True
    words = following[0].split() if following else []
    return bool(words) and (
        fold(words[0]) in folded or has_job_noun(following[0]) or any(is_org_word(w) for w in words)
    )
