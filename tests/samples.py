"""Loads the rule samples in tests/samples/<lang>/ and their expectations (expect.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).parent / "samples"


@dataclass(frozen=True)
class Sample:
    """One sample letter and what the rules must make of it."""

    path: Path
    verdict: str
    hits: tuple[str, ...]
    misses: tuple[str, ...]
    expect: dict[str, Any]


def load_samples() -> list[Sample]:
    """Every sample named in an expect.toml, in a stable order."""
    samples = []
    for manifest in sorted(SAMPLES.glob("*/expect.toml")):
        for name, spec in tomllib.loads(manifest.read_text(encoding="utf-8")).items():
            extra = {k: v for k, v in spec.items() if k not in ("verdict", "hits", "misses")}
            samples.append(
                Sample(
                    path=manifest.parent / name,
                    verdict=spec["verdict"],
                    hits=tuple(spec.get("hits", ())),
                    misses=tuple(spec.get("misses", ())),
                    expect=extra,
                )
            )
    return samples
