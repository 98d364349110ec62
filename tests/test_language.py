"""The language guess that picks a rule pack and a reply template."""

from __future__ import annotations

import pytest

from onfile.language import detect_language, detect_languages
from onfile.message import parse_message
from tests.factories import letter

LETTERS = {
    "en": "Thank you for your application. Unfortunately we have decided not to move forward.",
    "de": "Vielen Dank für Ihre Bewerbung. Leider müssen wir Ihnen mitteilen, dass wir uns "
    "für eine andere Kandidatin entschieden haben.",
    "fr": "Merci pour votre candidature. Malheureusement, nous ne sommes pas en mesure de "
    "donner une suite favorable à votre demande.",
    "es": "Gracias por su candidatura. Lamentablemente hemos decidido continuar con otros "
    "candidatos para el puesto.",
    "nl": "Bedankt voor uw sollicitatie. Helaas hebben wij besloten om niet verder te gaan "
    "met uw kandidatuur voor deze functie.",
    "it": "Grazie per la sua candidatura. Purtroppo abbiamo deciso di non procedere con il "
    "suo profilo per la posizione.",
    "pt": "Obrigado pela sua candidatura. Infelizmente decidimos não avançar com o seu "
    "processo para a vaga.",
}


@pytest.mark.parametrize(("language", "text"), LETTERS.items(), ids=list(LETTERS))
def test_seven_languages(language: str, text: str) -> None:
    """A short rejection in each shipped language is recognised by its ISO 639-1 code."""
    assert detect_language(text) == language
    assert detect_language(text.upper()) == language


@pytest.mark.parametrize("language", list(LETTERS))
def test_message_language(language: str) -> None:
    """parse_message guesses the language from the subject and body together."""
    assert parse_message(letter(LETTERS[language], subject="Re:")).language == language


@pytest.mark.parametrize("text", ["", "12345 !!!", "xyzzy plugh", "Acme GmbH, Berlin"])
def test_too_little_evidence_gives_default(text: str) -> None:
    """Without three function words the default language is returned."""
    assert detect_language(text) == "en"
    assert detect_language(text, default="fr") == "fr"


def test_only_the_start_counts() -> None:
    """Only the first 4,000 characters are looked at (a long quoted tail cannot flip it)."""
    text = LETTERS["fr"] + " " * 4000 + LETTERS["de"] * 20
    assert detect_language(text) == "fr"


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        (
            "Hola Alex: gracias por venir a la entrevista. Tras valorar a todos los candidatos, "
            "hemos decidido seguir con otra persona. Te deseamos lo mejor y no dudes en volver "
            "a escribirnos o a postular a otra vacante; queda abierta la puerta por si te da "
            "la oportunidad.",
            ("es",),
        ),
        (
            "Olá Alex, obrigado por participar no processo. Por enquanto decidimos seguir com "
            "outra pessoa, mas no futuro por certo teremos novas vagas no nosso time e "
            "gostaríamos muito de rever o seu perfil por essa altura.",
            ("pt",),
        ),
    ],
    ids=["es-not-pt", "pt-not-es"],
)
def test_shared_short_words_make_no_second_language(text: str, languages: tuple[str]) -> None:
    """Spanish "a", "o", "da" do not make a Spanish letter Portuguese, nor "por", "no" a
    Portuguese one Spanish."""
    assert detect_languages(text) == languages


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Lo siento, ya está cogido. Suerte!", "es"),
        ("Obrigado, mas já temos pessoa.", "pt"),
        ("Estimado, le comunico que la vacante ya fue ocupada. Saludos", "es"),
    ],
)
def test_curt_replies_bring_their_language(text: str, language: str) -> None:
    """A one-line reply too short to tell still lets its own language's rules apply."""
    assert language in detect_languages(text)


def test_a_tie_brings_both_languages() -> None:
    """Two languages with as many function words each both apply: the guess cannot tell."""
    assert set(detect_languages("la que le la que le")) >= {"fr", "es"}
