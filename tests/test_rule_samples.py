"""Every shipped rule is proven by samples: each fires where it must, stays quiet where it must not,
and every pattern inside it matches at least one sample."""

from __future__ import annotations

import pytest

from onfile.detect import all_matches, detect
from onfile.message import parse_message
from onfile.resources import shipped_dir
from onfile.rules import RuleSet, load_rules
from tests.samples import Sample, load_samples

SAMPLES = load_samples()


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules([shipped_dir("rules")])


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s.path.parent.name}/{s.path.name}")
def test_sample_verdict_and_rules(rules: RuleSet, sample: Sample) -> None:
    """A sample gets its expected verdict, fires its `hits` and none of its `misses`."""
    detection = detect(rules, parse_message(sample.path.read_bytes()))
    fired = {hit.rule.id for hit in detection.hits}
    assert ("rejection" if detection.is_rejection else "other") == sample.verdict, (
        f"score {detection.score}: {sorted(fired)}"
    )
    assert set(sample.hits) <= fired, f"missing {set(sample.hits) - fired}"
    assert not set(sample.misses) & fired, f"fired {set(sample.misses) & fired}"
    for field in ("company", "role", "recruiter", "reply_to"):
        if field in sample.expect:
            assert getattr(detection.facts, field) == (sample.expect[field] or None), field


def test_every_rule_has_a_hit_and_a_miss_sample(rules: RuleSet) -> None:
    """Each rule is named in some sample's hits and in some sample's misses."""
    hit = {rule_id for s in SAMPLES for rule_id in s.hits}
    missed = {rule_id for s in SAMPLES for rule_id in s.misses}
    ids = {rule.id for rule in rules.rules}
    assert sorted(ids - hit) == [], "rules without a must-hit sample"
    assert sorted(ids - missed) == [], "rules without a must-miss sample"
    assert sorted((hit | missed) - ids) == [], "samples name rules that do not exist"


def test_every_pattern_is_exercised(rules: RuleSet) -> None:
    """Each phrase or regex of each rule matches at least one sample."""
    used = {
        (hit.rule.id, hit.pattern)
        for s in SAMPLES
        for hit in all_matches(rules, parse_message(s.path.read_bytes()))
    }
    unused = [
        f"{rule.id}: {pattern!r}"
        for rule in rules.rules
        for index, pattern in enumerate(rule.patterns)
        if (rule.id, index) not in used
    ]
    assert unused == []
