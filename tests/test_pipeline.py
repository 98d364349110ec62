"""decide(): a rejection gets a draft unless a hold-back rule says why not; anything else never does."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from onfile.message import parse_message
from onfile.pipeline import Context, Decision, decide, renewed
from tests.factories import NOW, OTHER, engine, letter

NOTHING_KNOWN = Context()


def decision(
    tmp_path: Path, raw: bytes, context: Context = NOTHING_KNOWN, backfill_days: int = 30
) -> Decision:
    """The pipeline's decision on `raw` at NOW with the test engine."""
    return decide(engine(tmp_path, backfill_days=backfill_days), parse_message(raw), NOW, context)


def test_rejection_gets_a_draft(tmp_path: Path) -> None:
    """A recent rejection from someone else, not answered, gets a draft to its sender."""
    result = decision(tmp_path, letter())
    assert result.reason == "draft" and result.draft is not None
    assert result.draft.to == "jane@acme.example"


def test_other_mail_gets_none(tmp_path: Path) -> None:
    """A letter below the threshold gets no draft, and the reason gives score and threshold."""
    result = decision(tmp_path, letter(OTHER, subject="Shipped"))
    assert result.draft is None and result.reason == "not a rejection (score 0 < 5)"


@pytest.mark.parametrize("sender", ["Alex Doe <alex@example.org>", "Alex <ALEX.DOE@work.example>"])
def test_held_back_when_from_the_user(tmp_path: Path, sender: str) -> None:
    """A rejection-like letter the user sent (from any of their addresses) gets no draft."""
    result = decision(tmp_path, letter(sender=sender))
    assert result.detection.is_rejection and result.draft is None
    assert result.reason == "the letter is from you"


@pytest.mark.parametrize(
    ("age_days", "backfill_days", "held"),
    [(31, 30, True), (29, 30, False), (400, 0, False), (8, 7, True)],
)
def test_held_back_when_older_than_backfill(
    tmp_path: Path, age_days: int, backfill_days: int, held: bool
) -> None:
    """A letter older than backfill_days gets no draft; backfill_days = 0 means no limit."""
    raw = letter(date=NOW - timedelta(days=age_days))
    result = decision(tmp_path, raw, backfill_days=backfill_days)
    if held:
        assert result.draft is None
        assert result.reason == f"older than the backfill window ({backfill_days} days)"
    else:
        assert result.draft is not None


def test_held_back_when_answered(tmp_path: Path) -> None:
    """A letter the user already answered gets no draft."""
    result = decision(tmp_path, letter(), Context(answered=True))
    assert result.draft is None and result.reason == "you already replied"


@pytest.mark.parametrize(
    ("recent", "held"),
    [
        (frozenset({"acme.example"}), True),
        (frozenset({"other.example", "acme.example"}), True),
        (frozenset({"other.example"}), False),
        (frozenset({"mail.acme.example"}), False),
        (frozenset(), False),
    ],
)
def test_rate_limit_per_recipient_domain(
    tmp_path: Path, recent: frozenset[str], held: bool
) -> None:
    """A recent draft to the same recipient domain holds the next one back; others pass."""
    result = decision(tmp_path, letter(), Context(recent_domains=recent))
    if held:
        assert result.draft is None
        assert result.reason == "a draft to acme.example was written in the last 3 days"
    else:
        assert result.draft is not None


def test_no_recipient_is_not_rate_limited(tmp_path: Path) -> None:
    """A no-reply letter (no recipient) still gets its draft, whatever was written recently."""
    raw = letter(sender="Acme <no-reply@acme.example>")
    result = decision(tmp_path, raw, Context(recent_domains=frozenset({"acme.example"})))
    assert result.draft is not None and result.draft.to is None


def test_renewed_engine_compiles_the_same_rules_afresh(tmp_path: Path) -> None:
    """renewed() keeps the rules and the decisions but builds new RE2 sets (whose caches start empty)."""
    old = engine(tmp_path)
    new = renewed(old)
    assert new.rules.rules == old.rules.rules and new.config is old.config
    assert all(
        n.matcher is not o.matcher
        for n, o in zip(new.rules.matchers, old.rules.matchers, strict=True)
    )
    verdict = decide(new, parse_message(letter()), NOW, NOTHING_KNOWN).detection
    assert verdict == decide(old, parse_message(letter()), NOW, NOTHING_KNOWN).detection
