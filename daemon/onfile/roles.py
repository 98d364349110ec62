"""The job title a letter is about, from the subject ("Your application for X", "Bewerbung als
X") or the body ("the X position", "au poste de X", "la vacante de X"), in seven languages.
Every candidate must look like a job title, not a sentence fragment."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import chain

from onfile.sentences import Rx, Sentences, body_rx, rx, search
from onfile.titles import TRAILING_APPLICATION, clean_role, valid_role

# A title: no line break or sentence punctuation (a dot only inside a word: "Node.js").
_R = r"(?P<r>(?:[^\n.!?;:\"“”<>]|\.(?=\w)){2,90}?)"
_R_PART = r"(?P<r>(?:[^\n.!?;:\"“”<>–|]|\.(?=\w)){2,90}?)"  # a title not spanning a "–"
_END = (
    r"(?=\s+(?:at|with|in|within|here|for|bei|beim|im|an|chez|au|à|dans|en|para|con|bij|"
    r"binnen|voor|presso|per|na|no|em|junto|and|und|et|y|e|which|that|has|was|is|ist|wurde|"
    r"wird|ya|ha|fue|se|est|a|è|é|foi|já|werd|is|zijn|komt|komen|op|te|ter|aan|sul|nel|publicado|publicada)\b"
    r"|\s*[.,;:!?]|\s*$)"
)
_POSITION_WORDS = ("position", "role", "opening", "job", "vacanc", "post", "internship")
_SUBJECT = [
    rx(rf"application\s+(?:to|for)\s+(?:the\s+)?{_R}(?:\s+(?:position|role))?\s+at\s+\S.*$"),
    rx(
        rf"application\s+for\s+(?:the\s+)?(?:(?:position|role)\s+(?:of|as)\s+)?{_R}(?:\s+(?:position|role))?$"
    ),
    rx(rf"bewerbung\s+(?:als|zum|zur)\s+{_R}(?:\s+bei\s+.*)?$"),
    rx(rf"bewerbung\s+(?:auf|für)\s+die\s+(?:stelle|position)(?:\s+als)?\s*:?\s*{_R}$"),
    rx(rf"candidature\s+(?:au|pour\s+le)\s+poste\s+(?:de\s+|d[’'])\s*{_R}(?:\s+chez\s+.*)?$"),
    rx(
        rf"candidatura\s+(?:al|para\s+el|a\s+la|para\s+la)\s+(?:puesto|vacante|posici[oó]n|oferta)\s+(?:de\s+)?{_R}$"
    ),
    rx(rf"proceso\s+de\s+selecci[oó]n\s*[:\-–]\s*{_R}$"),
    rx(
        rf"sollicitatie\s+(?:als|voor\s+de\s+(?:functie|vacature|positie)(?:\s+(?:van|als))?)\s+{_R}$"
    ),
    rx(
        rf"candidatura\s+(?:per|alla)\s+(?:la\s+posizione|il\s+ruolo|la\s+figura|posizione)(?:\s+di)?\s+{_R}$"
    ),
    rx(rf"candidatura\s+(?:para|à|a)\s+(?:a\s+)?(?:vaga|posição|função|cargo)\s+(?:de\s+)?{_R}$"),
    rx(rf"processo\s+seletivo\s*[:\-–]\s*{_R}$"),
]
# What may follow a title at the end of a subject: " – Ref. 12", " (Ref. 12)", " / Follow-up";
# a reference in parentheses even without the space that decoding a subject may lose.
_TAIL = r"(?:\s+[-–|(/].*|\((?i:ref|réf|job|id|req|nr|n\.|nº|kennz|cod|vac).*)?$"
# Words for the outcome of an application, and for the application itself, in subject lines.
_OUTCOME = (
    "result|outcome|decision|update|ergebnis|rückmeldung|entscheidung|absage|suivi|retour|réponse|"
    "décision|resultado|decisión|respuesta|esito|riscontro|decisione|uitslag|terugkoppeling|"
    "beslissing|retorno|decisão|status|statut|estado|stato"
)
_APPLYING = (
    "application|bewerbung|candidature|candidatura|sollicitatie|kandidatuur|postulación|solicitud"
)
_WEAK_SUBJECT = [
    rx(rf"application(?:\s+(?:update|status|received))*\s*(?::|\s[-–|])\s*{_R}$"),
    rx(rf"(?:opportunity|position|role|vacancy|opening)\s*(?::|\s[-–|])\s*{_R}$"),
    # "Re: Bewerbung Verkaufsberater/in", "Candidatura – Designer Gráfico Júnior (Ref. 12)",
    # "Sollicitatie planner", "Candidature chauffeur PL – annonce Indeed"
    rx(
        rf"^(?:bewerbung|candidature|candidatura|sollicitatie|kandidatuur|application|postulación)"
        rf"(?:\s+(?:als|as|for|para|per|pour|voor|a|à|come|como))?\s*(?:[:\-–]\s*)?\s{_R}"
        rf"{_TAIL}"
    ),
    # "Esito colloquio – Responsabile Controllo Qualità", "Uitslag assessment – Junior Risk
    # Analyst", "Votre étude de cas – Consultant(e) Data & IA": an outcome, then the role
    rx(
        rf"(?:{_OUTCOME}|feedback|update|assessment|interview|entretien|entrevista|colloquio|"
        rf"gesprek|étude de cas|case study|prueba|test|conversa|bate-papo|telefonat)[^–|:]*"
        rf"(?:\s[-–|]|:)\s+{_R}{_TAIL}"
    ),
    # "Ihre Bewerbung: Praktikum X", "Tu candidatura como X", "Uw sollicitatie naar de functie
    # X", "La tua candidatura per X presso Y", "Atualização na sua candidatura para X"
    rx(
        rf"(?:your|ihre|deine|votre|ta|tu|su|uw|je|jouw|tua|sua)\s+(?:{_APPLYING})"
        rf"(?:\s*:\s*|\s+(?:as|for|als|für|pour|como|para|per|voor|naar)\s+"
        rf"(?:(?:de|die|the|la|el|a|le)\s+)?(?:(?:functie|vacature|stelle|position|role|poste|"
        rf"puesto|vaga|posizione)\s+(?:de\s+|di\s+|als\s+|van\s+)?)?){_R}"
        rf"(?:\s+(?:at|bei|chez|en|bij|presso|na|no|em)\s+.*)?{_TAIL}"
    ),
    # "Je sollicitatie bij Y – X", "Your application to Y | X"
    rx(
        rf"(?:{_APPLYING})\s+(?:at|to|with|bei|chez|en|bij|presso|na|no|em)\s+[^–|]+?\s[-–|]\s+"
        rf"{_R}{_TAIL}"
    ),
    # "Vaga Desenvolvedor Front-end (React)", "Vacature 26-0873 Medewerker X", "Bate-papo sobre
    # a vaga de X", "Update: Marketing Operations Manager position"
    rx(
        rf"(?:^|\s)(?:vaga|vacante|vacature|vacancy|stelle|poste|puesto|posizione|posición)"
        rf"\s+(?:(?:de|di|d'|als|van|of|as)\s+)?{_R}{_TAIL}"
    ),
    rx(rf"(?:^|:\s*|\s[-–|]\s+){_R}\s+(?:position|role|job|vacancy|opening)\s*$"),
    rx(rf"\bfor\s+the\s+{_R}\s+(?:position|role|job|vacancy|opening)\b"),
    # "Lead Data Scientist - thank you", "Engineering Project Manager – la nostra decisione"
    rx(
        rf"^{_R_PART}\s*(?:\s[-–|]|:)\s+(?:(?:our|unsere|notre|nuestra|la nostra|a nossa|onze)\s+)?"
        rf"(?:{_OUTCOME}|thank you|thanks|danke|merci|gracias|grazie|obrigad|bedankt)"
    ),
]
_BODY = [
    body_rx(
        "for|in|to|about|on|of",
        rf"\s+(?:the|our|your|this|an?)\s+{_R}\s+(?:position|role|opening|job|vacancy|post)\b",
        *_POSITION_WORDS,
    ),
    body_rx(
        "position|role|post|job|vacancy|opening",
        rf"\s+(?:of|as)\s+(?:an?\s+|the\s+)?{_R}{_END}",
        *_POSITION_WORDS,
    ),
    body_rx(
        "bewerbung|beworben|bewerben|interesse",
        rf"\b[^.\n]{{0,30}}?\s(?:als|zum|zur)\s+{_R}{_END}",
        "bewerb",
        "beworben",
        "interesse",
    ),
    body_rx(
        "stelle|position|funktion",
        rf"\s+(?:als|des|der|eines|einer)\s+{_R}{_END}",
        "stelle",
        "position",
        "funktion",
    ),
    body_rx(
        "poste|emploi|offre",
        rf"\s+(?:de\s+|d[’']|en\s+tant\s+que\s+)\s*{_R}{_END}",
        "poste",
        "emploi",
        "offre",
    ),
    body_rx("candidature", rf"\s+(?:en\s+tant\s+que|comme)\s+{_R}{_END}", "candidature"),
    body_rx(
        "puesto|vacante|posici[oó]n|cargo|oferta",
        rf"\s+(?:de|como)\s+{_R}{_END}",
        "puesto",
        "vacante",
        "posici",
        "cargo",
        "oferta",
    ),
    body_rx(
        "functie|vacature|positie|rol",
        rf"\s+(?:van|als|voor)\s+{_R}{_END}",
        "functie",
        "vacature",
        "positie",
        "rol",
    ),
    body_rx("sollicitatie", rf"\s+(?:als|voor)\s+{_R}{_END}", "sollicitatie"),
    body_rx(
        "posizione|ruolo|figura", rf"\s+(?:di|come|da)\s+{_R}{_END}", "posizione", "ruolo", "figura"
    ),
    body_rx("candidatura", rf"\s+(?:come|per)\s+{_R}{_END}", "candidatura"),
    body_rx(
        "vaga|cargo|posição|posicao|função|funcao",
        rf"\s+(?:de|como|para)\s+{_R}{_END}",
        "vaga",
        "cargo",
        "posi",
        "fun",
    ),
]
# Weaker phrasings: accepted only when the candidate names a kind of job.
_WEAK_BODY = [
    body_rx(
        "apply|applying|applied|application|interest",
        rf"\s+(?:for|to|in)\s+(?:our|the)\s+{_R}(?=\s*[.,;!]|\s+(?:at|with)\b)",
        "appl",
        "interest",
    ),
    body_rx("your", rf"\s+{_R}\s+application\b", "application"),
    # "op de functie Data Engineer", "a la vacante Analista de Nómina", "la selezione per
    # Responsabile di Magazzino", "un posto di praticante": no preposition, or a vague noun
    body_rx(
        "functie|vacature|vacante|posición|posicion|puesto",
        rf"\s+{_R}{_END}",
        "functie",
        "vacature",
        "vacante",
        "posici",
        "puesto",
    ),
    body_rx("selezione|posto", rf"\s+(?:per|di|da)\s+{_R}{_END}", "selezione", "posto"),
]
_FIELD = re.compile(
    r"^(?:position|role|job(?:\s+title)?|title|stelle|stellenbezeichnung|poste|intitulé du poste|"
    r"puesto|vacante|functie|vacature|posizione|ruolo|vaga|cargo)\s*:\s*(?P<r>\S.{1,90})$",
    re.IGNORECASE,
)
_FIELD_START = tuple(
    "position role job title stelle poste intitulé puesto vacante functie vacature posizione "
    "ruolo vaga cargo".split()
)
# A portal's status table as text: the label alone on its line, the title on the next.
_LABELS = frozenset(
    "position role job stelle stellenbezeichnung poste puesto vacante oferta functie vacature "
    "posizione ruolo vaga cargo".split()
) | {"job title", "intitulé du poste"}
_FOLLOWING = re.compile(r"following\s+(?:position|role|job)s?\s*:$", re.IGNORECASE)
_SUBJECT_SPLIT = re.compile(r"^(?P<c>[^-–|:]+?)\s*[-–|:]\s+(?P<r>.+)$")
_NON_WORD = re.compile(r"\W")


def _acceptor(company: str | None, need_noun: bool) -> Callable[[str], str | None]:
    """Clean a raw capture and return it if it reads as a role (for this company)."""

    def accept(raw: str) -> str | None:
        value = clean_role(raw)
        if company and value.endswith(company):  # "Data Analyst - Acme", "Analyst at Acme"
            value = value[: -len(company)].rstrip(" -–|,@")
            value = value.removesuffix(" at")
        return value if valid_role(value, company, need_noun) else None

    return accept


def _in_subject(
    patterns: list[Rx], subject: str, accept: Callable[[str], str | None]
) -> Iterator[str]:
    for pattern in patterns:
        yield from search(pattern.regex, subject, "r", accept)


def _in_body(
    patterns: list[Rx], sentences: Sentences, accept: Callable[[str], str | None]
) -> Iterator[str]:
    for pattern in patterns:
        for sentence in sentences.having(pattern.triggers):
            yield from search(pattern.regex, sentence, "r", accept)


def _in_lines(lines: list[str], accept: Callable[[str], str | None]) -> Iterator[str]:
    """ "Position: X" lines, a portal's table ("Stelle" on a line, the title on the next), and
    the line after "…the following position:"."""
    for index, line in enumerate(lines):
        field = _FIELD.match(line) if line[:20].lower().startswith(_FIELD_START) else None
        if field and (value := accept(field.group("r"))):
            yield value
        if line.casefold() in _LABELS:
            following = next((later for later in lines[index + 1 : index + 3] if later), "")
            if value := accept(following):
                yield value
        if line.endswith(":") and _FOLLOWING.search(line):
            following = next((later for later in lines[index + 1 : index + 3] if later), "")
            if value := accept(following):
                yield value


def _subject_rest(
    subject: str, company: str | None, accept: Callable[[str], str | None]
) -> Iterator[str]:
    """ "Acme - Data Analyst" (the company first), "Data Analyst application"."""
    split = _SUBJECT_SPLIT.match(subject)
    same = split is not None and company is not None and _same_name(split.group("c"), company)
    if split and same and (value := accept(split.group("r"))):
        yield value
    trailing = TRAILING_APPLICATION.search(subject)
    if trailing and (value := accept(subject[: trailing.start()])):
        yield value


def find_role(
    subject: str, sentences: Sentences, lines: list[str], company: str | None
) -> str | None:
    """The job title, or None when no phrase names one clearly. Explicit phrases ("the X
    position", "Bewerbung als X") come first; looser ones must name a kind of job."""
    strict, loose = _acceptor(company, False), _acceptor(company, True)
    found = chain(
        _in_subject(_SUBJECT, subject, strict),
        _in_body(_BODY, sentences, strict),
        _in_subject(_WEAK_SUBJECT, subject, loose),
        _in_lines(lines, loose),
        _subject_rest(subject, company, loose),
        _in_body(_WEAK_BODY, sentences, loose),
    )
    return next(found, None)


def _same_name(a: str, b: str) -> bool:
    fa, fb = _NON_WORD.sub("", a.casefold()), _NON_WORD.sub("", b.casefold())
    return bool(fa and fb) and (fa.startswith(fb) or fb.startswith(fa))
