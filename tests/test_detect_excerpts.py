"""What a hit shows: the text each kind of pattern matched, found only when asked for; and which
rules a letter's languages let fire when one RE2 set holds several languages."""

from __future__ import annotations

import pytest

from onfile.detect import all_matches
from onfile.message import parse_message
from onfile.rules import compile_rules
from tests.factories import letter, rule

BODY = "Sadly, we've Decided against it: the ROLE was filled (internally) yesterday."


@pytest.mark.parametrize(
    ("pattern", "regex", "excerpt"),
    [
        ("decided against", False, "decided against"),  # a plain phrase shows itself
        ("we’ve decided", False, "we've decided"),  # as normalised
        ("decid* against", False, "decided against"),  # a stem: what it stood for
        (r"role (?:was|is) \w+", True, "role was filled"),  # a regex: its whole match
        (r"\((\w+)\)", True, "(internally)"),  # groups inside a regex change nothing
        (r"sadly)(, we", True, "sadly"),  # valid only inside the group it is put in
    ],
)
def test_excerpt_is_the_matched_text(pattern: str, regex: bool, excerpt: str) -> None:
    """Each kind of pattern shows the normalised text it matched."""
    rules = compile_rules((rule("t.x", pattern, regex=regex),))
    hits = all_matches(rules, parse_message(letter(BODY)))
    assert [(h.rule.id, h.excerpt) for h in hits] == [("t.x", excerpt)]


def test_excerpt_is_found_when_read() -> None:
    """Matching alone does not search for excerpts; reading one does, once."""
    rules = compile_rules((rule("t.x", r"role (?:was|is) \w+", regex=True),))
    (hit,) = all_matches(rules, parse_message(letter(BODY)))
    assert "excerpt" not in vars(hit)
    assert hit.excerpt == "role was filled" and vars(hit)["excerpt"] == "role was filled"


def test_languages_share_a_subject_set() -> None:
    """Subject rules of all languages sit in one set; only the letter's languages fire."""
    rules = compile_rules(
        (
            rule("en.s", "your application", field="subject", language="en"),
            rule("de.s", "your application", field="subject", language="de"),
            rule("any.s", "application", field="subject", language="*"),
            rule("fr.b", "filled", language="fr"),
        )
    )
    assert len([m for m in rules.matchers if m.field == "subject"]) == 1
    hits = all_matches(rules, parse_message(letter(BODY, subject="Your application")))
    assert {h.rule.id for h in hits} == {"en.s", "any.s"}
    german = letter("Leider haben wir uns für jemand anderen entschieden, die Stelle ist besetzt.")
    hits = all_matches(rules, parse_message(german))
    assert {h.rule.id for h in hits} == {"en.s", "de.s", "any.s"}
