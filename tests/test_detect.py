"""detect(): which rules fire, with what text, the score against the threshold; quoted earlier mail
is not evidence."""

from __future__ import annotations

import pytest

from onfile.detect import detect
from onfile.message import parse_message
from onfile.rules import compile_rules
from tests.factories import REJECTION, letter, rule, sample_rules

RULES = sample_rules()


def fired(raw: bytes) -> dict[str, str]:
    """Rule id to excerpt for every rule that fires on `raw` with the sample rules."""
    return {h.rule.id: h.excerpt for h in detect(RULES, parse_message(raw)).hits}


def test_score_hits_and_excerpts() -> None:
    """Each firing rule counts once, strongest first, with the text it matched."""
    detection = detect(RULES, parse_message(letter()))
    assert [(h.rule.id, h.field, h.excerpt) for h in detection.hits] == [
        ("t.regret", "body", "regret to inform"),
        ("t.not-forward", "body", "not move forward"),
        ("t.subject", "subject", "your application"),
    ]
    assert (detection.score, detection.threshold, detection.is_rejection) == (8.0, 5.0, True)


@pytest.mark.parametrize(("threshold", "verdict"), [(7.9, True), (8.0, True), (8.01, False)])
def test_threshold_is_inclusive(threshold: float, verdict: bool) -> None:
    """A letter is a rejection when its score reaches the threshold."""
    assert detect(RULES, parse_message(letter()), threshold).is_rejection is verdict


def test_evidence_against_subtracts() -> None:
    """A negative rule lowers the score below the threshold."""
    body = "We regret to inform you the slot moved; we invite you to an interview on Monday."
    detection = detect(RULES, parse_message(letter(body)))
    assert detection.score == -3.0 and not detection.is_rejection


def test_rule_fires_once_for_many_patterns() -> None:
    """A rule whose patterns match several times still counts its score once."""
    body = "We regret to inform you. Leider. Nous sommes au regret. We regret to inform you."
    assert detect(RULES, parse_message(letter(body, subject="Hi"))).score == 4.0


@pytest.mark.parametrize(
    "quote",
    [
        "> We regret to inform you that we will not move forward.",
        "On Mon, 3 Nov 2026 at 10:00, Jane <jane@acme.example> wrote:\nWe regret to inform you.",
        "Am 03.11.2026 um 10:00 schrieb Jane <jane@acme.example>:\nWe regret to inform you.",
        "Le 3 nov. 2026 à 10:00, Jane <jane@acme.example> a écrit :\nWe regret to inform you.",
        "El 3 nov 2026, Jane <jane@acme.example> escribió:\nWe regret to inform you.",
        "Op 3 nov. 2026 schreef Jane <jane@acme.example>:\nWe regret to inform you.",
        "Il 3 nov 2026 Jane <jane@acme.example> ha scritto:\nWe regret to inform you.",
        "Em 3 de nov. de 2026, Jane <jane@acme.example> escreveu:\nWe regret to inform you.",
        "-----Original Message-----\nFrom: Jane\nWe regret to inform you.",
    ],
)
def test_quoted_earlier_mail_does_not_count(quote: str) -> None:
    """Rejection words in a quoted earlier letter are not evidence about the new mail."""
    body = f"Hi Jane, thanks, that makes sense. Could we talk next week?\n\n{quote}\n"
    assert fired(letter(body, subject="Coffee?")) == {}


def test_html_only_letter_is_detected() -> None:
    """An HTML-only rejection is read as text and scored like a plain one."""
    html = "<p>We <b>regret</b> to&nbsp;inform you</p><p>that we will not move<br>forward.</p>"
    assert fired(letter("", html=html, subject="Update")) == {
        "t.regret": "regret to inform",
        "t.not-forward": "not move forward",
    }


def test_language_of_rule_must_match_letter() -> None:
    """A German rule fires on German letters only; English and "*" rules fire on every letter."""
    rules = compile_rules(
        (
            rule("de.absage", "absage", language="de"),
            rule("en.sorry", "sorry", language="en"),
            rule("any.sorry", "sorry"),
        )
    )
    german = (
        "Absage: leider müssen wir Ihnen mitteilen, dass wir uns sorry anders entschieden haben."
    )
    french = (
        "Absage sorry: nous sommes désolés, votre candidature n'a pas été retenue pour le poste."
    )
    assert {h.rule.id for h in detect(rules, parse_message(letter(german))).hits} == {
        "de.absage",
        "en.sorry",
        "any.sorry",
    }
    assert {h.rule.id for h in detect(rules, parse_message(letter(french))).hits} == {
        "en.sorry",
        "any.sorry",
    }


def test_sender_and_header_fields() -> None:
    """Rules can look at the sender and at the kept headers (here List-Id), case-insensitively."""
    rules = compile_rules(
        (
            rule("t.noreply", r"no-?reply@", field="sender", regex=True, score=-1.0),
            rule("t.list", "newsletter", field="header:list-id", score=-5.0),
        )
    )
    raw = letter(
        REJECTION,
        sender="Acme <No-Reply@acme.example>",
        headers={"List-Id": "Acme Newsletter <news.acme.example>"},
    )
    detection = detect(rules, parse_message(raw))
    assert {(h.rule.id, h.excerpt) for h in detection.hits} == {
        ("t.noreply", "no-reply@"),
        ("t.list", "newsletter"),
    }
    assert detection.score == -6.0


def test_facts_and_language_travel_with_the_verdict() -> None:
    """The detection carries the letter's language and the reply address (never the user's)."""
    raw = letter(reply_to="alex@example.org", sender="Jane <jane@acme.example>")
    detection = detect(RULES, parse_message(raw), own_addresses=("alex@example.org",))
    assert detection.language == "en" and detection.facts.reply_to == "jane@acme.example"


def test_more_patterns_than_one_re2_set_holds() -> None:
    """A rule set too big for one RE2 set (its memory cap) compiles, and each rule still fires."""
    heavy = r"\b(?:candidates?|applicants?) (?:[\pL'-]+ ){0,7}(?:more closely|better) (?:match|align) x%d\b"
    rules = compile_rules(
        tuple(rule(f"t.heavy{i}", heavy % i, regex=True, score=0.5) for i in range(200))
    )
    body = (
        "We chose candidates whose skills more closely match x7. Applicants that better align x199."
    )
    detection = detect(rules, parse_message(letter(body)))
    assert {h.rule.id for h in detection.hits} == {"t.heavy7", "t.heavy199"}
    assert len(rules.matchers) > 1
