"""Scores the detector on a labelled folder (labels.tsv as in shared/corpus) and prints precision,
recall, F1, per-language figures, extraction accuracy and every error with the rules that fired.

    python tests/bench/detection.py CORPUS_DIR [--config FILE]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from onfile.detect import detect
from onfile.message import parse_message
from onfile.resources import shipped_dir
from onfile.rules import load_rules


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rules", type=Path, action="append", default=[], help="extra rule folder")
    args = parser.parse_args(argv)
    rules = load_rules([shipped_dir("rules"), *args.rules])
    with (args.corpus / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fields = {
        "company": "company",
        "role": "role",
        "recruiter": "recruiter_first_name",
        "reply_to": "reply_to_expected",
    }
    extraction: dict[str, list[int]] = {f: [0, 0] for f in fields}
    errors = []
    for row in rows:
        message = parse_message((args.corpus / row["file"]).read_bytes())
        detection = detect(rules, message)
        gold = row["label"] == "rejection"
        lang = row.get("language") or "?"
        key = ("t" if detection.is_rejection == gold else "f") + (
            "p" if detection.is_rejection else "n"
        )
        for bucket in ("all", lang):
            counts[bucket][key] += 1
        if detection.is_rejection != gold:
            fired = ", ".join(
                f"{h.rule.id}({h.rule.score:+g}: {h.excerpt!r})" for h in detection.hits
            )
            errors.append(
                f"  {key.upper()} {row['file']} [{row['subtype']}] score {detection.score}: {fired or 'no rule fired'}"
            )
        if gold:
            for field, column in fields.items():
                want = (row.get(column) or "").strip().lower() or None
                got = getattr(detection.facts, field)
                extraction[field][0] += (
                    (got or "").strip().lower() == (want or "") if got or want else 1
                )
                extraction[field][1] += 1
    print(f"{len(rows)} messages from {args.corpus}")
    for bucket, c in sorted(counts.items(), key=lambda kv: kv[0] != "all"):
        precision = _ratio(c["tp"], c["tp"] + c["fp"])
        recall = _ratio(c["tp"], c["tp"] + c["fn"])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"{bucket:>4}: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (tp {c['tp']} fp {c['fp']} fn {c['fn']} tn {c['tn']})"
        )
    print("extraction on rejections (exact, case-insensitive):")
    for field, (good, total) in extraction.items():
        print(f"  {field:<9} {good}/{total} = {_ratio(good, total):.2f}")
    print(f"errors: {len(errors)}")
    print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
