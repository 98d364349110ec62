"""Golden drafts: the exact bytes composed for a letter in each language and tone, with the facts
known and unknown, so any change to wording or headers is a reviewed diff (--update-golden)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest

from onfile.compose import compose
from onfile.config import DraftSettings
from onfile.detect import Detection
from onfile.extract import Facts
from onfile.message import parse_message
from onfile.resources import shipped_dir
from onfile.templates import load_templates
from tests.factories import IDENTITY, NOW, letter

GOLDEN = Path(__file__).parent / "golden"
SUBJECTS = {
    "en": "RE: Your application for Data Analyst",
    "de": "AW: Absage: Ihre Bewerbung als Datenanalyst",
    "fr": "Réf : Votre candidature au poste d'analyste",
    "es": "RE: Su candidatura para Analista de datos",
    "nl": "Antw: Uw sollicitatie als data-analist",
    "it": "R: La sua candidatura come Analista dati",
    "pt": "Enc: Sua candidatura para Analista de dados",
}
ROLES = {
    "en": "Data Analyst",
    "de": "Datenanalyst",
    "fr": "Analyste de données",
    "es": "Analista de datos",
    "nl": "Data-analist",
    "it": "Analista dati",
    "pt": "Analista de dados",
}
KNOWN = Facts("Acme Analytics", None, "Jane", "jane@acme.example")
UNKNOWN = Facts(None, None, None, None)
CASES = [(lang, tone, "known") for lang in SUBJECTS for tone in ("warm", "brief")] + [
    (lang, "warm", "unknown") for lang in SUBJECTS
]


def _draft(lang: str, tone: str, facts: Facts, settings: DraftSettings | None = None) -> bytes:
    raw = letter(
        subject=SUBJECTS[lang],
        message_id=f"<golden-{lang}@acme.example>",
        headers={"References": "<earlier@acme.example>"},
    )
    detection = Detection(True, 9.0, 5.0, (), facts, lang)
    packs = load_templates([shipped_dir("drafts")])
    return compose(
        packs, parse_message(raw), detection, IDENTITY, settings or DraftSettings(tone=tone), NOW
    ).raw


def _readable(raw: bytes) -> str:
    """The draft as a mail client shows it: decoded headers, then the decoded body."""
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(mail, EmailMessage)
    headers = "".join(f"{name}: {value}\n" for name, value in mail.items())
    return f"{headers}\n{mail.get_content()}"


def _compare(name: str, raw: bytes, update: bool) -> None:
    path = GOLDEN / name
    actual = _readable(raw)
    if update:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden and review the diff"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "tone", "known"), CASES)
def test_golden_draft(lang: str, tone: str, known: str, update_golden: bool) -> None:
    """The draft for a letter in `lang` and `tone` is exactly the reviewed golden file."""
    facts = replace(KNOWN, role=ROLES[lang]) if known == "known" else UNKNOWN
    _compare(f"{lang}-{tone}-{known}.txt", _draft(lang, tone, facts), update_golden)


def test_golden_draft_with_every_option(update_golden: bool) -> None:
    """Optional paragraphs, a signature and the quoted letter appear as configured."""
    settings = DraftSettings(
        tone="warm",
        offer_internship=True,
        offer_contract=True,
        offer_other_roles=True,
        network_url="https://social.example/in/alexdoe",
        portfolio_url="https://alexdoe.example",
        quote_original=True,
    )
    _compare(
        "en-warm-options.txt",
        _draft("en", "warm", replace(KNOWN, role="Data Analyst"), settings),
        update_golden,
    )


def test_golden_noreply_letter(update_golden: bool) -> None:
    """A letter from a no-reply address gets no recipient and a marked note at the top."""
    _compare(
        "en-warm-noreply.txt", _draft("en", "warm", replace(KNOWN, reply_to=None)), update_golden
    )
