"""Whether a captured phrase reads as a job title, and the title cleaned of what letters add
to it: gender tags, requisition numbers, workload, a location, a trailing "position"."""

from __future__ import annotations

import re

TRAILING_APPLICATION = re.compile(
    r"\s*[-–|:]?\s*(?:your\s+)?(?:application|bewerbung|candidature|candidatura|sollicitatie)$",
    re.IGNORECASE,
)
# Kinds of job, as word beginnings ("develop" → developer, Entwicklung is not one), German
# compound endings ("Softwareentwickler") and whole short words.
_JOB_PREFIXES = tuple(
    """engineer develop programmer designer analyst architect manager director trainee
    apprentice consultant specialist scientist researcher assistant associate coordinator
    administrator officer representative accountant advisor adviser executive technician writer
    editor marketer recruiter planner strategist producer owner agent clerk nurse teacher tester
    devops graduate fellow operator support sales driver cook barista cashier buyer payroll
    entwickler ingenieur berater leiter referent praktikant werkstudent mitarbeiter architekt
    kaufmann kauffrau assistenz sachbearbeiter informatiker développeu ingénieur chargé chef
    responsab impiegat analyste stagiaire alternant directeur directrice conseill gestionnaire concepteu
    desarrollador ingenier analista consultor jefe técnico tecnico becario asistente coordinador
    gerente diseñador programador especialista ontwikkelaar medewerker adviseur stagiair beheerder
    analist teamleider programmeur sviluppatore ingegnere consulente stagista tirocinante addetto
    programmatore progettista desenvolvedor engenheiro estagiário estagiario coordenador
    supervisor controller auxiliar auditor fachkraft servicekraft pflegekraft aushilf verkäuf
    kassierer zeichner monteur mechatroniker elektroniker erzieher lehrer doktorand postdoc
    professor dozent lecturer camarer camerier cuoc commess magazzinier autista contabil istrutt
    praticante assistent doutorand investigador ricercat docente operador vendedor dependient
    repartidor teamleitung praktikum stage tirocinio prácticas estágio bookkeep reponedor
    maquetador""".split()
)
_JOB_SUFFIXES = tuple(
    "entwickler ingenieur berater leiter referent manager analyst architekt designer "
    "informatiker assistent assistenz mitarbeiter kraft leitung zeichner techniker arbeiter "
    "fachmann fachfrau meister administrator".split()
)
_WORDS = re.compile(r"\w+")
_TOKENS = re.compile(r"[\w'’]+")
_PARENTHESISED = re.compile(r"\([^)]*\)")
# Gendered endings written after a slash or a middle dot: "Técnico/a", "Sachbearbeiter/in",
# "commessa/o", "Doctorant·e"; the ending is no word of its own ("a" is a sentence word).
_GENDER_ENDING = re.compile(
    r"(?<=\w)[/·](?:a|o|e|as|os|es|in|innen|r|ra|na|ne|nne|trice|euse|ice|x)\b", re.I
)
_NOT_TITLE = re.compile(r"[.!?]\s|https?:|www\.|@|^\d+$")
_JOB_SHORT = frozenset("intern interns head lead qa sre cto cfo ceo coo vp".split())
_JOB_WORDS = frozenset(
    "engineer engineers developer developers programmer designer analyst architect manager "
    "director intern consultant specialist scientist researcher assistant coordinator "
    "administrator officer recruiter position role job stelle poste puesto vacante associate "
    "representative technician trainee receptionist nurse cashier clerk driver supervisor "
    "advisor adviser accountant".split()
)
_GENDER = re.compile(
    r"\s*(?:\(\s*(?:[mwfdhxv]\s*/\s*){1,3}[mwfdhxv]\*?\s*\)|[-–]?\s*\b(?:[mwfdhxv]/){1,3}[mwfdhxv]\b\*?)",
    re.I,
)
_REQ_ID = r"(?:[A-Z]{1,4}-?\d{3,}[A-Z]{0,3}|\d{2,4}-\d{3,}|\d{5,}[A-Z]{0,3}|\d{4,}[A-Z]{1,3})"
_LEAD_ID = re.compile(rf"^(?:#\s*)?{_REQ_ID}\s*[-–:,|]?\s+")
_TRAIL_ID = re.compile(rf"(?:\s*[-–,|#/(]\s*|\s+)(?:req(?:uisition)?\.?\s*)?(?:#\s*)?{_REQ_ID}\)?$")
_TRAIL_WORD = re.compile(
    r"\s+(?:position|role|job|opening|vacancy|stelle|poste|puesto|vacature|functie|posizione|vaga)$",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r",?\s*\(?(?:kennziffer|referenz|ref\.?|reference|job\s*id|stellen-?id|req(?:uisition)?|"
    r"référence|referencia|riferimento|referência|vacaturenummer)\s*(?:no\.?|nr\.?|#)?\s*[:.]?\s*"
    r"[\w/-]*\d[\w/-]*\)?$",
    re.IGNORECASE,
)
# A reference cut at its dot: "Analyst (Ref", "Técnico/a (JR", "Impiegato/a (Rif".
_OPEN_REFERENCE = re.compile(r"\s*\((?:ref|réf|rif|jr|req|job|id|vac|nr|n|no|nº)\.?[-\s#:]*$", re.I)
_WORKLOAD = re.compile(r"\s*\d{1,3}\s*(?:[-–]\s*\d{1,3}\s*)?%$")  # "80–100 %"
_SEPARATOR = re.compile(r"\s+[-–|]\s+")
_LOCATION = re.compile(r"\s+(?:in|bei|at|chez|à|en|em|presso|bij|te)\s+[A-ZÀ-Þ][\w-]+$")
_LEAD_POSITION = re.compile(
    r"^(?:the\s+)?(?:position|role|post|job|vacancy)\s+(?:of|as)\s+(?:an?\s+)?", re.I
)
_LEAD_ARTICLE = re.compile(
    r"^(?:the|a|an|our|der|die|das|le|la|l[’']|el|de|het|il|lo|o|um|uma)\s+", re.I
)
# Words that never occur in a title, whatever their case.
_NEVER = frozenset(
    """we us our you your me my thank thanks interest interested application applications
    applying apply applied unfortunately please appreciate time candidates candidate process
    decision update status assessment interview feedback offer opportunity world team company
    position vacancy opening
    ihr ihre sie wir uns unser unsere nicht leider bewerbung vous votre nous notre pas
    candidature usted su sus nosotros nuestro nuestra candidatura uw wij ons onze niet
    sollicitatie lei noi nostro nostra non você nós nosso nossa não flat apartment property
    room house paper submission rückmeldung absage feedback entscheidung réponse décision
    respuesta decisión risposta esito resposta decisão terugkoppeling reactie besluit
    actualización información atualização informação aggiornamento ingetrokken vervalt
    vervallen gesloten geannuleerd tua tuo tus""".split()
)
# A kind of placement alone is no title: "the Stage position" would say nothing.
_BARE_KINDS = frozenset(
    "stage praktikum tirocinio prácticas practicas estágio estagio internship postdoctoral "
    "postdoc traineeship".split()
)
# Words fine in a capitalised title that betray a sentence when written in lower case.
_LOWER_NEVER = frozenset(
    """the this that these those with was were is are be been being have has had will would can
    could should not no but following current above same open available new other recent
    specific particular mentioned advertised aforementioned said posted listed relevant various
    such any all some every each one i ist sind war wurde wird werden wurden nicht leider bereits
    schon est été a ont sont été déjà ne pas ya ha han sido fue fueron está están hemos se ha
    è stata stato sono si già non é foi foram está já não wordt werd zijn komen te niet al
    que qui che debe ser por un una muss soll kann peut doit deve può pode moet kan ein eine
    einen einem""".split()
)


def has_job_noun(text: str, whole_words: bool = False) -> bool:
    """True if `text` names a kind of job ("Engineer", "Entwickler", "chargé de…")."""
    words = _WORDS.findall(text.lower())
    if whole_words:
        return not _JOB_WORDS.isdisjoint(words)
    return any(
        w.startswith(_JOB_PREFIXES) or w.endswith(_JOB_SUFFIXES) or w in _JOB_SHORT for w in words
    )


def clean_role(value: str) -> str:
    """Drop gender tags "(m/w/d)", requisition and reference numbers, workload, a location or
    status after the title ("– Rückmeldung", "in Kassel"), articles and a trailing "position"."""
    value = _GENDER.sub("", " ".join(value.split())).rstrip(" .,;:!?")
    value = _REFERENCE.sub("", _WORKLOAD.sub("", _OPEN_REFERENCE.sub("", value)))
    while separators := list(_SEPARATOR.finditer(value)):  # "Projektmanager – Rückmeldung"
        last = separators[-1]
        if not any(w.casefold() in _NEVER for w in _TOKENS.findall(value[last.end() :])):
            break
        value = value[: last.start()]
    value = _LOCATION.sub("", value)
    value = _LEAD_ID.sub("", value)
    for _ in range(2):
        value = _TRAIL_ID.sub("", value).strip(" ,;:-–|")
    value = _TRAIL_WORD.sub("", _LEAD_ARTICLE.sub("", _LEAD_POSITION.sub("", value)))
    return TRAILING_APPLICATION.sub("", value).strip(" ,;:-–|\"'“”‘’")


def valid_role(value: str, company: str | None, need_noun: bool) -> bool:
    """True if `value` reads as a job title: short, no sentence words, not the company."""
    if not 2 <= len(value) <= 90 or len(value.split()) > 14 or not value[:1].isalnum():
        return False
    if _NOT_TITLE.search(value) or value.casefold() in _BARE_KINDS:
        return False
    tokens = _TOKENS.findall(_GENDER_ENDING.sub("", _PARENTHESISED.sub(" ", value)))
    if not tokens or any(t.casefold() in _NEVER for t in tokens):
        return False
    if any(
        t.lower() in _LOWER_NEVER for t in tokens if t.islower() or (t.isupper() and len(t) > 1)
    ):
        return False
    if company and (
        value.casefold() in company.casefold() or company.casefold() in value.casefold()
    ):
        return False
    return has_job_noun(value) if need_noun or value.islower() else True
