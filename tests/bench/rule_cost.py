"""Which body rules make matching slow: each language's body patterns, loosened and grouped into
RE2 sets as the engine does (onfile.loosen, onfile.rules: windows apart from phrases), scanned
warm over generated letters in that language; for a language far slower than the rest, the rules
and patterns without which it is fast again. Prints figures; asserts nothing.

    python tests/bench/rule_cost.py [--count 1500] [--rules DIR] [--language de]

A pattern whose DFA states multiply with its neighbours' (a short word without a word edge, then
an open window: "(?:we|er)[^.]*") makes its whole set build new states for every letter; RE2
then runs several times slower. See "Regular expressions" in rules/README.md."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import re2
from classify_speed import make_letter

from onfile.detect import field_texts
from onfile.loosen import is_open, loosened
from onfile.message import parse_message
from onfile.resources import shipped_dir
from onfile.rules import (
    LANGUAGES,
    OPEN_SET_SIZE,
    SET_SIZE,
    _options,
    equal_chunks,
    load_rules,
    wrapped,
)


def set_cost(patterns: list[str], texts: list[bytes]) -> float:
    """CPU seconds per letter of one RE2 set of `patterns`, after a first pass builds states."""
    regex_set = re2.Set.SearchSet(_options())
    for pattern in patterns:
        regex_set.Add(pattern)
    regex_set.Compile()
    for text in texts[: len(texts) // 3]:
        regex_set.Match(text)
    start = time.process_time()
    for text in texts:
        regex_set.Match(text)
    return (time.process_time() - start) / len(texts)


def cost(patterns: list[str], texts: list[bytes]) -> float:
    """CPU seconds per letter of `patterns` (loosened) in the sets the engine would make."""
    windows = [p for p in patterns if is_open(p)]
    phrases = [p for p in patterns if not is_open(p)]
    chunks = [
        *(equal_chunks(windows, OPEN_SET_SIZE) if windows else []),
        *(equal_chunks(phrases, SET_SIZE) if phrases else []),
    ]
    return sum(set_cost(chunk, texts) for chunk in chunks)


def main(argv: list[str] | None = None) -> int:
    """Time each language's body set; for slow ones, time it without each rule, then pattern."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1500)
    parser.add_argument("--rules", type=Path, help="rule folder instead of the shipped one")
    parser.add_argument("--language", action="append", help="only these languages")
    args = parser.parse_args(argv)
    rng = random.Random(7)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    letters = [parse_message(make_letter(rng, i, now)) for i in range(args.count)]
    texts = {
        language: [field_texts(m)["body"] for m in letters if m.language == language]
        for language in LANGUAGES
    }
    rules = load_rules([args.rules or shipped_dir("rules")])
    sets = {
        language: [
            (rule.id, index, loosened(wrapped(pattern, is_regex)))
            for rule in rules.rules
            if rule.field == "body" and rule.language == language
            for index, (pattern, is_regex) in enumerate(
                zip(rule.patterns, rule.is_regex, strict=True)
            )
        ]
        for language in args.language or LANGUAGES
    }
    costs = {
        language: cost([p for *_, p in entries], texts[language])
        for language, entries in sets.items()
    }
    usual = statistics.median(costs.values())
    for language, seconds in costs.items():
        print(f"{language}: {len(sets[language])} patterns, {seconds * 1e6:.0f} us per letter")
    for language, seconds in costs.items():
        if seconds < 3 * usual:
            continue
        entries = sets[language]
        for rule_id in dict.fromkeys(rule_id for rule_id, _, _ in entries):
            without = cost([p for r, _, p in entries if r != rule_id], texts[language])
            if without > seconds / 2:
                continue
            print(f"  {language} without {rule_id}: {without * 1e6:.0f} us")
            for entry in [e for e in entries if e[0] == rule_id]:
                alone = cost([p for e in entries if e is not entry for p in e[2:]], texts[language])
                if alone < seconds / 2:
                    print(
                        f"    without its pattern {entry[1]}: {alone * 1e6:.0f} us  {entry[2][:90]}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
