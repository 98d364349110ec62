"""Loosened patterns: counted repetitions lose their upper bound in the RE2 set, and only what the
exact pattern matches fires and shows."""

from __future__ import annotations

import pytest

from onfile.detect import all_matches
from onfile.loosen import is_open, loosened
from onfile.message import parse_message
from onfile.rules import compile_rules
from tests.factories import letter, rule


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"we(?:[^.;!?]|\d\.){0,80}? not", r"we(?:[^.;!?]|\d\.){0,}? not"),
        (r"(?:\pL+ ){0,2}x", r"(?:[a-z\x{80}-\x{10ffff}]+ ){0,}x"),
        (r"a{2,5}b{1,1}c{0,1}", r"a{2,}b{1,1}c{0,1}"),  # bounds below 2 cost nothing
        (r"a{3}b{2,}", r"a{3}b{2,}"),  # exact and open counts stay
        (r"[a{0,9}]x", r"[a{0,9}]x"),  # braces in a class are characters
        (r"[]{0,9}]x{0,9}", r"[]{0,9}]x{0,}"),  # "]" first is a literal
        (r"[^]{0,9}]", r"[^]{0,9}]"),
        (r"\x{41}{0,9}\p{Greek}{1,4}", r"\x{41}{0,}\p{Greek}{1,}"),
        (r"\{0,9\}", r"\{0,9\}"),  # escaped braces are characters
    ],
)
def test_loosened(pattern: str, expected: str) -> None:
    """Upper bounds of 2 and more go, outside classes and escapes; the rest stays."""
    assert loosened(pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:^|[^\pL])an\pL*", r"(?:^|[^a-z])an[a-z\x{80}-\x{10ffff}]*"),
        (r"[\pL\d]+\PL", r"[a-z\x{80}-\x{10ffff}\d]+[^a-z]"),
        (r"[^\pL\d]\p{Lu}", r"[^a-z\d]\p{Lu}"),  # other classes stay exact
    ],
)
def test_letter_classes_widen(pattern: str, expected: str) -> None:
    """\\pL becomes ASCII letters or anything beyond ASCII, and a class excluding it excludes ASCII
    letters only: the loose form matches at least what the exact one does."""
    assert loosened(pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "is_window"),
    [
        (r"sie(?:[^.;!?]|\d\.){0,}? nicht", True),
        (r"we (?:[a-z]+ ){0,}regret", True),
        (r"not[^.]*selected", True),
        (r"regret.+inform", True),
        (r"bewerbung[a-z]* abgelehnt", False),  # a repeated letter class ends with its word
        (r"(?:^|[^a-z])(we regret)(?:[^a-z]|$)", False),
        (r"\.{2,}", False),  # an escaped dot is a character
    ],
)
def test_is_open(pattern: str, is_window: bool) -> None:
    """Patterns that keep a window open across words are told from phrases, for their own sets."""
    assert is_open(pattern) is is_window


def test_a_loose_nomination_the_exact_pattern_rejects_does_not_fire() -> None:
    """Words beyond the window match the loosened set but not the rule, which does not fire."""
    rules = compile_rules((rule("t.near", r"regret (?:\pL+ ){0,2}inform", regex=True),))
    far = parse_message(letter("We regret that we must now inform you."))
    near = parse_message(letter("We regret to inform you."))
    assert all_matches(rules, far) == []
    assert [h.excerpt for h in all_matches(rules, near)] == ["regret to inform"]


def test_windows_and_phrases_scan_in_separate_sets() -> None:
    """A window pattern gets a set apart from the phrases, and both still fire."""
    rules = compile_rules(
        (
            rule("t.window", r"regret (?:\pL+ ){0,2}inform", regex=True),
            rule("t.phrase", "we regret"),
        )
    )
    assert sorted(len(m.owners) for m in rules.matchers) == [1, 1]
    hits = all_matches(rules, parse_message(letter("We regret to inform you.")))
    assert {h.rule.id for h in hits} == {"t.window", "t.phrase"}
