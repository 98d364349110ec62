"""Conditional clauses are not statements: strong rules do not see them, concessive openings and
words that only look conditional stay, and small talk still reads the whole body."""

from __future__ import annotations

import pytest

from onfile.detect import all_matches
from onfile.hypothetical import asserted
from onfile.message import parse_message
from onfile.normalize import normalized
from onfile.rules import compile_rules
from tests.factories import letter, rule


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Thanks. If you do not hear from us in 3 weeks, you were not selected. Bye.",
            "thanks . bye.",
        ),
        ("en", "We will reply whether we invite you or not. Bye.", "we will reply . bye."),
        (
            "en",
            "Even if you impressed us, we chose another candidate.",
            "even if you impressed us, we chose another candidate.",
        ),
        ("de", "Wir melden uns, ob wir Sie einladen oder absagen. Gruß", "wir melden uns . gruss"),
        ("de", "Sollten wir Ihnen absagen müssen, erfahren Sie es. Gruß", " . gruss"),
        (
            "fr",
            "Même si votre profil plaît, nous avons retenu une autre personne.",
            "même si votre profil plaît, nous avons retenu une autre personne.",
        ),
        (
            "fr",
            "Sans réponse sous 15 jours, ou si rien ne vient, considérez que ce n'est pas retenu.",
            "sans réponse sous 15 jours, ou .",
        ),
        (
            "es",
            "Si no recibes noticias, entiende que no fuiste seleccionado. Saludos.",
            " . saludos.",
        ),
        (
            "es",
            "Si bien valoramos tu perfil, elegimos a otra persona.",
            "si bien valoramos tu perfil, elegimos a otra persona.",
        ),
        (
            "nl",
            "Als organisatie kozen we iemand anders. Als je niets hoort, ben je afgewezen.",
            "als organisatie kozen we iemand anders .",
        ),
        (
            "nl",
            "Komt er geen match uit, dan krijg je een afwijzing. Heb je vragen? Dan bel je.",
            " . heb je vragen? dan bel je.",
        ),
        (
            "de",
            "Haben Sie in 4 Wochen nichts gehört, so ist die Stelle vergeben. Gruß",
            " . gruss",
        ),
        (
            "fr",
            "Si votre profil a retenu notre attention, nous avons toutefois choisi une autre personne.",
            "si votre profil a retenu notre attention, nous avons toutefois choisi une autre personne.",
        ),
        (
            "it",
            "La selezione si è conclusa con esito negativo. Se non riceve notizie, non è stato scelto.",
            "la selezione si è conclusa con esito negativo .",
        ),
        (
            "it",
            "Non se ne fa niente: abbiamo scelto un'altra persona. Se ne occuperà Anna.",
            "non se ne fa niente: abbiamo scelto un'altra persona. se ne occuperà anna.",
        ),
        (
            "pt",
            "Agradecemos por se candidatar. Caso não receba contato, não foi selecionado.",
            "agradecemos por se candidatar .",
        ),
        (
            "pt",
            "Neste caso, optámos por outro candidato.",
            "neste caso, optámos por outro candidato.",
        ),
    ],
)
def test_asserted(language: str, text: str, expected: str) -> None:
    """Each language's conditional clauses go; look-alike words and concessives stay."""
    assert asserted(normalized(text), (language,)).decode() == expected


def test_strong_rules_read_what_the_letter_asserts() -> None:
    """A rejection statement inside an "if" clause does not fire; small talk there still does."""
    rules = (
        rule("t.strong", "you were not selected", score=5.0),
        rule("t.small", "thank you for applying", score=1.0),
    )
    compiled = compile_rules(rules)
    body = "If you do not hear from us, you were not selected, but thank you for applying."
    hits = all_matches(compiled, parse_message(letter(body)))
    assert [h.rule.id for h in hits] == ["t.small"]
    hits = all_matches(compiled, parse_message(letter("Sadly you were not selected.")))
    assert [(h.rule.id, h.excerpt) for h in hits] == [("t.strong", "you were not selected")]
