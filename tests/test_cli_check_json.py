"""`onfile check --json` follows the contract on every shipped sample: one object per line, in input
order, with exactly the documented keys and types; an unreadable file gives {"path", "error"}."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from onfile.resources import shipped_dir
from onfile.rules import LANGUAGES
from tests.factories import onfile

SAMPLES = sorted((Path(__file__).parent / "samples").glob("**/*.eml")) + sorted(
    shipped_dir("demo_letters").glob("*.eml")
)
KEYS = {
    "path",
    "message_id",
    "verdict",
    "score",
    "threshold",
    "hits",
    "company",
    "role",
    "recruiter",
    "reply_to",
    "language",
}
HIT_KEYS = {"rule", "score", "field", "excerpt"}
FIELD = re.compile(r"^(?:subject|body|sender|header:[a-z-]+)$")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[dict[str, Any]]]:
    """One real `python -m onfile check --json` over every sample plus two unreadable files."""
    home = tmp_path_factory.mktemp("check")
    empty = home / "empty.eml"
    empty.write_bytes(b"")
    paths = [str(SAMPLES[0]), str(empty), str(home / "missing.eml"), *map(str, SAMPLES[1:])]
    done = onfile(home, "check", "--json", *paths)
    assert done.stderr == "" and done.returncode == 1  # 1: some messages could not be read
    return paths, [json.loads(line) for line in done.stdout.splitlines()]


def number(value: object) -> bool:
    """A JSON number (not a boolean), finite."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def test_one_object_per_line_in_input_order(
    checked: tuple[list[str], list[dict[str, Any]]],
) -> None:
    """Every input gives exactly one line, in the order the paths were given."""
    paths, objects = checked
    assert [o["path"] for o in objects] == paths


def test_unreadable_files_give_path_and_error(
    checked: tuple[list[str], list[dict[str, Any]]],
) -> None:
    """An empty file and a missing one each give {"path", "error"} and the rest go on."""
    paths, objects = checked
    errors = [o for o in objects if "error" in o]
    assert [(o["path"], o["error"]) for o in errors] == [
        (paths[1], "empty message"),
        (paths[2], "no such file"),
    ]
    assert all(set(o) == {"path", "error"} for o in errors)
    assert len(objects) - len(errors) == len(SAMPLES)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_object_follows_contract(
    checked: tuple[list[str], list[dict[str, Any]]], sample: Path
) -> None:
    """Exact key set, types, verdict values, hit objects, ISO language, null for the unknown."""
    paths, objects = checked
    result = objects[paths.index(str(sample))]
    assert set(result) == KEYS
    assert result["message_id"] is None or re.fullmatch(r"<[^<>\s]+>", result["message_id"])
    assert result["verdict"] in ("rejection", "other")
    assert number(result["score"]) and result["threshold"] == 5.0
    assert (result["verdict"] == "rejection") is (result["score"] >= result["threshold"])
    assert isinstance(result["hits"], list)
    for hit in result["hits"]:
        assert set(hit) == HIT_KEYS
        assert isinstance(hit["rule"], str) and re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", hit["rule"])
        assert number(hit["score"]) and FIELD.match(hit["field"])
        assert isinstance(hit["excerpt"], str)
    assert len({h["rule"] for h in result["hits"]}) == len(result["hits"])
    assert round(sum(h["score"] for h in result["hits"]), 2) == result["score"]
    for key in ("company", "role", "recruiter", "reply_to"):
        value = result[key]
        assert value is None or (isinstance(value, str) and value.strip() == value != ""), key
    if result["reply_to"] is not None:
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", result["reply_to"])
    assert result["language"] in LANGUAGES
