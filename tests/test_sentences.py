"""The sentence scanner extraction shares: which sentences hold a pattern's trigger words, found
for all registered triggers in one pass, and for any other word the plain way."""

from __future__ import annotations

import re

import onfile.extract  # noqa: F401  (registers every extraction pattern's triggers)
from onfile.sentences import _TRIGGERS, Rx, Sentences

FLAT = (
    "Thank you for applying for the Data Analyst position at Acme. Unfortunately we chose "
    "another candidate! Vielen Dank für Ihre Bewerbung als Werkstudent. Sr. Engineer roles "
    "open soon? Nous avons retenu une autre candidature pour le poste. Bonne chance.\n"
    "Weitere Stellen: siehe www.acme.example"
)


def naive(sentences: Sentences, triggers: tuple[str, ...]) -> list[str]:
    """The definition: sentences, in order, whose lower case holds one of the triggers."""
    whole = FLAT.lower()
    present = [t for t in triggers if t in whole]
    return [s for s in sentences.items if any(t in s.lower() for t in present)]


def test_every_registered_trigger() -> None:
    """For each trigger the extraction patterns use, the sentences holding it, in order."""
    sentences = Sentences(FLAT)
    assert len(_TRIGGERS) > 50
    for trigger in _TRIGGERS:
        assert sentences.having((trigger,)) == naive(sentences, (trigger,)), trigger
    pairs = [("position", "poste"), ("bewerbung", "candidat"), ("nothing here", "stellen")]
    for triggers in pairs:
        assert sentences.having(triggers) == naive(sentences, triggers)


def test_unregistered_and_late_triggers() -> None:
    """A word no pattern registered, or one registered after the text was read, is still found."""
    sentences = Sentences(FLAT)
    assert sentences.having(("chance",)) == ["Bonne chance."]
    Rx(re.compile("x"), ("www.acme",))
    try:
        assert sentences.having(("www.acme",)) == ["Weitere Stellen: siehe www.acme.example"]
    finally:
        del _TRIGGERS["www.acme"]
    assert sentences.having(("absent word",)) == []
