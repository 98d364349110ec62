"""What reads as a job title: gender tags, references and statuses are cleaned off, sentence
fragments and the company's own name are not titles, and kinds of job are recognised."""

from __future__ import annotations

import pytest

from onfile.titles import clean_role, has_job_noun, valid_role


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Projektleiter (m/w/d)", "Projektleiter"),
        ("Analista de Nómina (Ref", "Analista de Nómina"),
        ("Data Engineer – Rückmeldung", "Data Engineer"),
        ("the Buyer position", "Buyer"),
        ("Filialleiter in Kassel", "Filialleiter"),
        ("Assistant(e) de direction 80-100 %", "Assistant(e) de direction"),
    ],
)
def test_clean_role(raw: str, clean: str) -> None:
    """Tags, references, workload, locations, articles and statuses go; the title stays."""
    assert clean_role(raw) == clean


@pytest.mark.parametrize(
    ("value", "company", "need_noun", "valid"),
    [
        ("Técnico/a de Compras", None, False, True),  # "/a" is an ending, not the word "a"
        ("Sachbearbeiter/in", None, True, True),
        ("we chose another candidate", None, False, False),
        ("Acme", "Acme GmbH", False, False),
        ("Growth Hacking", None, True, False),  # no kind of job
        ("Growth Analyst", None, True, True),
    ],
)
def test_valid_role(value: str, company: str | None, need_noun: bool, valid: bool) -> None:
    """Sentence words and the company's name are no title; a loose phrase must name a job."""
    assert valid_role(value, company, need_noun) is valid


def test_has_job_noun() -> None:
    """Job words count as beginnings, German compound endings and short whole words."""
    assert has_job_noun("Softwareentwickler") and has_job_noun("Head of Data")
    assert has_job_noun("IT-Systemadministrator")
    assert not has_job_noun("Entwicklung") and not has_job_noun("Hauptstrasse")
