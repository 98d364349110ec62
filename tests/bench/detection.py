"""Scores the detector on a labelled folder (labels.tsv as in shared/corpus) and prints precision,
recall, F1, per-language figures, extraction accuracy and every error with the rules that fired.

    python tests/bench/detection.py CORPUS_DIR [--config FILE]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from onfile.detect import detect
from onfile.message import parse_message
from onfile.resources import shipped_dir
from onfile.rules import load_rules


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


# Legal forms and gender tags a label may keep and a draft does without ("Acme GmbH", "(m/w/d)").
_NOISE = re.compile(
    r"\((?:m|f|h|w|d|x)(?:/(?:m|f|h|w|d|x))+\)|\b(?:gmbh|ag|se|kg|eg|llp|ltd|plc|inc|sa|sas|s\.a\.s|"
    r"srl|s\.r\.l|spa|s\.p\.a|bv|b\.v|nv|lda|ltda|co|llc)\b\.?|[^\w]+"
)


def _close(got: str, want: str) -> bool:
    """Whether `got` names what `want` does, legal form, gender tag, case and punctuation aside,
    one holding the other ("Acme" for "Acme Analytics GmbH" is close; "Acme" for "Globex" not)."""
    a, b = (" ".join(_NOISE.sub(" ", v.casefold()).split()) for v in (got, want))
    return bool(a and b) and (a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)))


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
    extraction: dict[str, list[int]] = {f: [0, 0, 0, 0] for f in fields}  # exact, close, none, n
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
                exact = (got or "").strip().lower() == (want or "") if got or want else True
                extraction[field][0] += exact
                extraction[field][1] += exact or bool(got and want and _close(got, want))
                extraction[field][2] += bool(want and not got)
                extraction[field][3] += 1
    print(f"{len(rows)} messages from {args.corpus}")
    for bucket, c in sorted(counts.items(), key=lambda kv: kv[0] != "all"):
        precision = _ratio(c["tp"], c["tp"] + c["fp"])
        recall = _ratio(c["tp"], c["tp"] + c["fn"])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"{bucket:>4}: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (tp {c['tp']} fp {c['fp']} fn {c['fn']} tn {c['tn']})"
        )
    print(
        "extraction on rejections: exact (case aside), close (legal form, tags aside), not found:"
    )
    for field, (good, close, missing, total) in extraction.items():
        print(
            f"  {field:<9} exact {_ratio(good, total):.2f}  close {_ratio(close, total):.2f}  "
            f"not found {_ratio(missing, total):.2f}  ({total} letters)"
        )
    print(f"errors: {len(errors)}")
    print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
