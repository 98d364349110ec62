"""What reads as a company's name: department words, possessives and relays are trimmed, a
legal suffix is found, and functions, job boards, titles and people's titles are no company."""

from __future__ import annotations

import pytest

from onfile.orgnames import clean_company, legal_end


@pytest.mark.parametrize(
    ("value", "company"),
    [
        ("Ihr Recruiting-Team der Acme GmbH", "Acme GmbH"),
        ("The Acme Global Talent Acquisition Team", "Acme"),
        ("Quanta Labs (Berlin) via Workday", "Quanta Labs"),
        ("Rovere S.p.A.", "Rovere S.p.A."),
        ("Finance & Accounting", None),  # a practice: business functions only
        ("LinkedIn", None),
        ("Senior Data Engineer", None),  # a title
        ("Prof. Dr. Lukas Brenner", None),
        ("Dipartimento di Fisica", None),  # a unit, not the employer
    ],
)
def test_clean_company(value: str, company: str | None) -> None:
    """A candidate is trimmed to the name, or refused when no name is left."""
    assert clean_company(value) == company


def test_legal_end() -> None:
    """Where a trailing legal form starts; -1 without one."""
    assert legal_end("Jelli, Inc.") == len("Jelli")
    assert legal_end("Weser Logistik GmbH") == len("Weser Logistik")
    assert legal_end("Acme Analytics") == -1
