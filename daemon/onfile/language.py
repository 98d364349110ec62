"""Guesses the language of a letter from its function words: fast, deterministic and good enough
to pick a rule pack and a template among the seven languages onfile ships."""

from __future__ import annotations

import re

# Frequent function words that are distinctive for each language (shared ones such as "a", "de",
# "en" count for several and cancel out).
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and you your we our for with have has this that are will not been would thank "
        "to of is be at from position application regret unfortunately".split()
    ),
    "de": frozenset(
        "der die das und sie ihre ihr wir uns nicht ist für mit eine einen leider bewerbung "
        "haben wurde vielen dank zu den dem auf sich auch".split()
    ),
    "fr": frozenset(
        "le la les et vous votre nous pas est pour avec une des du au aux que qui dans de "
        "candidature malheureusement sommes avons être merci".split()
    ),
    "es": frozenset(
        "el la los las y usted su nosotros no es para con una del que por en de candidatura "
        "lamentablemente hemos gracias muy sus a ya pero fue le lo".split()
    ),
    "nl": frozenset(
        "de het een en u uw wij we niet is voor met van dat op zijn helaas sollicitatie "
        "hebben bedankt naar ook deze".split()
    ),
    "it": frozenset(
        "il la le e lei sua noi non è per con una del che di della purtroppo candidatura "
        "abbiamo grazie siamo gli a".split()
    ),
    "pt": frozenset(
        "o a os as e você sua nós não é para com uma do da que em de candidatura "
        "infelizmente obrigado temos foi seu por no já mas".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+")


# Words only one language has: a second language must show these, or Portuguese letters would
# also look Spanish through the words the two share. Short words that are frequent elsewhere
# without being on another list do not count either: Spanish "o" (or), "da" (gives), "os" (you)
# made Spanish letters look Portuguese too, and Italian "su" (on) Spanish. ("a", "por" and "no",
# as frequent in Spanish as in Portuguese, are on both lists.)
_COMMON_ELSEWHERE = frozenset({"o", "os", "da", "su"})
_OWN: dict[str, frozenset[str]] = {
    lang: words.difference(
        _COMMON_ELSEWHERE, *(w for other, w in _STOPWORDS.items() if other != lang)
    )
    for lang, words in _STOPWORDS.items()
}


def _counts(text: str, table: dict[str, frozenset[str]] = _STOPWORDS) -> dict[str, int]:
    counts = dict.fromkeys(table, 0)
    for word in _WORD.findall(text[:4000].casefold()):
        for lang, words in table.items():
            if word in words:
                counts[lang] += 1
    return counts


def detect_languages(text: str, default: str = "en") -> tuple[str, ...]:
    """The letter's language first, then any other that carries a real share of it (at least
    three words of its own and a third as many as the first): bilingual letters, English footers.
    A language that ties with the first comes along too: which one leads is then a coin toss."""
    counts = _counts(text)
    ranked = sorted(counts, key=lambda lang: (counts[lang], lang == default), reverse=True)
    best, runner_up = ranked[0], ranked[1]
    # Short letters carry few function words: two suffice when no other language ties.
    if not (counts[best] >= 3 or (counts[best] == 2 and counts[runner_up] < 2)):
        # Too short to tell (a curt one-liner): keep the default first, and let every language
        # with a trace apply its rules too; packs only add evidence.
        return (default, *(lang for lang in ranked if counts[lang] and lang != default))
    own = _counts(text, _OWN)
    others = [
        lang
        for lang in ranked[1:]
        if counts[lang] == counts[best] or (own[lang] >= 3 and counts[lang] * 3 >= counts[best])
    ]
    return (best, *others)


def detect_language(text: str, default: str = "en") -> str:
    """Return the ISO 639-1 code whose function words dominate `text` (the first 4,000 characters)."""
    return detect_languages(text, default)[0]
