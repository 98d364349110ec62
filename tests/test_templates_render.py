"""Every shipped language and tone renders a clean body whatever the letter told: no placeholder,
no "None", no empty quotes, no doubled spaces or blank-line runs."""

from __future__ import annotations

import itertools

import pytest

from onfile.compose import body_text
from onfile.config import TONES, DraftSettings
from onfile.detect import Detection
from onfile.extract import Facts
from onfile.resources import shipped_dir
from onfile.rules import LANGUAGES
from onfile.templates import load_templates
from tests.factories import IDENTITY

PACKS = load_templates([shipped_dir("drafts")])
KNOWN = list(itertools.product(["Data Analyst", None], ["Acme Analytics", None], ["Jane", None]))
EXTRAS = DraftSettings(
    offer_internship=True,
    offer_contract=True,
    offer_other_roles=True,
    network_url="https://network.example/alex",
    portfolio_url="https://alex.example/work",
)


def render(language: str, tone: str, facts: Facts, extras: bool) -> str:
    """The body the shipped `language` pack writes in `tone` for `facts`."""
    settings = EXTRAS if extras else DraftSettings()
    settings = DraftSettings(**{**settings.__dict__, "tone": tone})
    detection = Detection(True, 9.0, 5.0, (), facts, language)
    return body_text(PACKS[language], detection, IDENTITY, settings)


@pytest.mark.parametrize("extras", [False, True], ids=["plain", "extras"])
@pytest.mark.parametrize(("role", "company", "recruiter"), KNOWN)
@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_rendered_body_is_clean(
    language: str,
    tone: str,
    role: str | None,
    company: str | None,
    recruiter: str | None,
    extras: bool,
) -> None:
    """The body has no `$`, no None, no empty quotes, no double spaces and no blank-line runs."""
    body = render(language, tone, Facts(company, role, recruiter, "jane@acme.example"), extras)
    for bad in ("$", "None", '""', "''", "«»", "„“", "  ", "\n\n\n", " ,", " .", "\t"):
        assert bad not in body, f"{bad!r} in:\n{body}"
    assert body == body.strip() and body.endswith(IDENTITY.name)
    for value in (role, company, recruiter):
        if value:
            assert value in body
    if extras:
        assert "https://network.example/alex" in body and "https://alex.example/work" in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_signature_closes_the_body(language: str) -> None:
    """A configured signature replaces the name at the end of every language's body."""
    identity = type(IDENTITY)("Alex Doe", "alex@example.org", signature="Alex\n+44 20 7946 0000")
    detection = Detection(True, 9.0, 5.0, (), Facts(None, None, None, None), language)
    body = body_text(PACKS[language], detection, identity, DraftSettings())
    assert body.endswith("Alex\n+44 20 7946 0000")


@pytest.mark.parametrize(
    ("role", "company", "expected"),
    [
        ("Ingénieur qualité", "Airbus", "le poste d'Ingénieur qualité chez Airbus"),
        ("analyste de données", None, "le poste d'analyste de données"),
        ("Chef de projet", "Hachette", "le poste de Chef de projet chez Hachette"),
    ],
)
def test_french_elides_before_a_vowel(role: str, company: str | None, expected: str) -> None:
    """French drafts write "d'Ingénieur", not "de Ingénieur", whatever the role."""
    assert expected in render("fr", "warm", Facts(company, role, None, None), extras=False)


@pytest.mark.parametrize(
    ("company", "expected"),
    [
        ("Natura", "a vaga de Analista na Natura"),
        ("Universidade do Porto", "a vaga de Analista na Universidade do Porto"),
        ("Banco do Brasil", "a vaga de Analista no Banco do Brasil"),
        ("Grupo Sonae", "a vaga de Analista no Grupo Sonae"),
    ],
)
def test_portuguese_article_agrees_with_the_company(company: str, expected: str) -> None:
    """Portuguese drafts say "na Natura" but "no Banco do Brasil": the name's head noun decides."""
    assert expected in render("pt", "warm", Facts(company, "Analista", None, None), extras=False)
