"""Conditional clauses dropped from normalised text ("if you do not hear from us within three
weeks, your application was unsuccessful"), so that a rejection a letter only envisages is no
statement of one. Strong rules read what is left; small talk and look-alike rules read it all."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import re2

# Score from which a body rule must also match the asserted text: a rejection statement (4-5 on the
# shipped scale), not small talk (1-2) nor evidence against (negative), which the conditional
# sentences of acknowledgements are made of ("if we are unable to progress your application…").
ASSERTED_FROM = 4.0

# Per language, in the normalised (lower-case) text: concessive openings, which look conditional
# but assert what follows ("même si votre profil…, nous avons retenu…"; Spanish "si bien" is
# "although"); markers that open a conditional clause at a sentence's start, where the whole
# sentence goes ("Si en un plazo de 30 días no has recibido noticias, entiende que…"); and those
# that open one inside a sentence, from where the rest goes ("…, ob wir Sie einladen oder Ihnen
# absagen müssen."). Words with a common other meaning count only where it is rare: Italian "si"
# (the reflexive "si è conclusa") never, Portuguese "se" and "caso" only at a start or after a
# comma, Dutch "als" (as) only before a subject, "mocht" (was allowed) only at a start.
_MARKERS: dict[str, tuple[str, str, str]] = {
    "en": (
        "even if",
        "if|should|unless|in case|in the event",
        "if|whether|unless|in case|in the event",
    ),
    "de": (
        "auch wenn|selbst wenn",
        "wenn|falls|sofern|sollten|sollte|im falle",
        "falls|sofern|ob|wenn",
    ),
    "fr": (
        "même si|meme si",
        "si|s'il|au cas o[uù]|dans le cas o[uù]|à moins qu",
        "si|s'il|au cas o[uù]|dans le cas o[uù]|à moins qu",
    ),
    "es": (
        "si bien|aun si",
        "si|en caso de que|en el caso de que|a menos que|salvo que",
        "si|en caso de que|en el caso de que|a menos que|salvo que",
    ),
    "nl": (
        "ook al|ook als",
        "als (?:je|jij|u|we|wij|er|het|uw|jouw|ze|zij)|indien|mocht|mochten|ingeval",
        "indien|ingeval",
    ),
    "it": (
        "anche se",
        "se|qualora|nel caso in cui|a meno che",
        "se|qualora|nel caso in cui|a meno che",
    ),
    "pt": ("mesmo se|mesmo que|ainda que", "se|caso|na eventualidade", ", se|, caso"),
}


# Dutch and German also make a condition by putting the verb first, with "dan" / "so, dann"
# opening the main clause: "Komt er geen match uit, dan ontvang je bericht", "Haben Sie bis
# Ende Mai nichts gehört, dann …". Without that word it is a question or a statement.
_VERB_FIRST: dict[str, tuple[str, str]] = {
    "nl": (
        "heb|hebt|heeft|hebben|komt|komen|is|ben|bent|zijn|wordt|worden|ontvang|ontvangt|"
        "ontvangen|hoor|hoort|horen|krijg|krijgt|krijgen|blijkt|blijken|vind|vindt|vinden|"
        "past|passen|voldoe|voldoet|voldoen|lukt|valt|gaat|gaan",
        "dan",
    ),
    "de": (
        "haben|hast|habt|hat|sind|bist|ist|erhalten|erhältst|hören|hörst|kommt|kommen|passt|"
        "passen|entspricht|entsprechen|gibt|wird|werden|können|kannst|möchten|möchtest",
        "so|dann",
    ),
}
# French "si" is concessive too when the main clause says "however": "Si votre profil a retenu
# notre attention, nous avons toutefois retenu une autre candidature."
_CONCESSIVE_SI = (
    "si [^.!?;,]{0,200}, (?:[^ .!?;,]+ ){0,3}(?:toutefois|cependant|néanmoins|pourtant)"
)


@functools.lru_cache(maxsize=32)
def _clause(languages: frozenset[str]) -> Any:
    """One RE2 for the markers of `languages` (English always): group 1 a concessive opening,
    otherwise a conditional clause, which ends with its sentence or after 300 characters (so a
    letter without full stops keeps the rest of its text)."""
    chosen = [_MARKERS[lang] for lang in sorted(languages | {"en"}) if lang in _MARKERS]
    concessive, at_start, inside = ("|".join(parts) for parts in zip(*chosen, strict=True))
    if "fr" in languages:
        concessive = f"{_CONCESSIVE_SI}|{concessive}"
    inside_words = "|".join(w for w in inside.split("|") if not w.startswith(","))
    after_comma = "|".join(w[2:] for w in inside.split("|") if w.startswith(","))
    opening = f"(?:^|[.!?;:] )(?:{at_start})|(?:, | - | \\(| )(?:{inside_words})"
    if after_comma:
        opening += f"|, (?:{after_comma})"
    for lang in sorted(languages & _VERB_FIRST.keys()):
        verbs, then = _VERB_FIRST[lang]
        opening += f"|(?:^|[.!?;:] )(?:{verbs}) [^.!?;,]{{0,200}}, (?:{then})"
    return re2.compile(
        rf"((?:^|[.!?;:] |, | )(?:{concessive})(?: |,))|(?:{opening})(?: |,)[^.!?;]{{0,300}}"
    )


def _keep_concessive(match: Any) -> bytes:
    """A concessive opening as it stands (group 1), a conditional clause as a space."""
    concessive: bytes | None = match.group(1)
    return concessive if concessive is not None else b" "


# Italian "se ne", "se n'" is a pronoun pair ("non se ne fa niente", "se n'è occupato il team"),
# not "if": hidden from the clause pattern (RE2 has no lookahead) and put back afterwards.
_PRONOUN_PAIR = re2.compile(rb"(^| )se (ne |n')")


def asserted(text: bytes, languages: Iterable[str] = ()) -> bytes:
    """`text` (normalised UTF-8) with the conditional clauses of `languages` and English each
    replaced by a space."""
    hidden = _PRONOUN_PAIR.sub(rb"\1se" + b"\x00" + rb"\2", text) if b"se n" in text else text
    result: bytes = _clause(frozenset(languages)).sub(_keep_concessive, hidden)
    return result.replace(b"\x00", b" ") if hidden is not text else result
