"""Rule files are validated up front: every mistake is a `file:line:` problem, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from onfile.cli import main
from onfile.errors import ConfigError
from onfile.resources import shipped_dir
from onfile.rules import load_rules, rule_files
from tests.factories import write

GOOD = 'language = "en"\n\n[[rule]]\nid = "en.ok"\ndescription = "fine"\nfield = "body"\n'


def problems(*files: Path) -> list[str]:
    """The problems load_rules reports for `files`."""
    with pytest.raises(ConfigError) as caught:
        load_rules([], files)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (
            GOOD + 'regex = ["(unclosed"]\nscore = 1.0\n',
            7,
            "rule en.ok: bad regex '(unclosed': missing ): ((unclosed)",
        ),
        (GOOD + 'regex = ["(?=ahead)x"]\nscore = 1.0\n', 7, "no look-arounds"),
        (GOOD.replace('"body"', '"bodyy"') + 'phrases = ["x"]\nscore = 1\n', 6, "unknown field"),
        (
            GOOD.replace('"body"', '"header:x-spam"') + 'phrases = ["x"]\nscore = 1\n',
            6,
            "unknown field",
        ),
        (GOOD + 'phrases = ["x"]\n', 3, "rule en.ok: missing or non-numeric score"),
        (GOOD + 'phrases = ["x"]\nscore = "high"\n', 8, "missing or non-numeric score"),
        (GOOD + 'phrases = ["x"]\nscore = 1\nweight = 2\n', 9, "unknown key 'weight' in rule"),
        (GOOD + "phrases = []\nscore = 1\n", 7, "phrases must be a non-empty string"),
        (GOOD + "score = 1\n", 3, 'add phrases = ["…"] or regex'),
        (
            GOOD.replace('"en.ok"', '"Bad Id"') + 'phrases = ["x"]\nscore = 1\n',
            4,
            "rule needs an id",
        ),
        ('language = "en"\n[[rule]\nid = "x"\n', 2, "TOML syntax error"),
        ('language = "xx"\n', 1, "unknown language 'xx'"),
        ("rules = []\n", 1, "unknown top-level key 'rules'"),
    ],
)
def test_problem_has_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    """Each kind of mistake is reported at its line with a hint at the fix."""
    path = write(tmp_path / "my.toml", text)
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:{line}: ") and fragment in problem, problem


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    """A rule id defined twice is reported at the second definition, naming the first."""
    first = write(tmp_path / "a.toml", GOOD + 'phrases = ["x"]\nscore = 1\n')
    second = write(tmp_path / "b.toml", "\n\n" + GOOD + 'phrases = ["y"]\nscore = 1\n')
    (problem,) = problems(first, second)
    assert problem.startswith(f"{second}:5: duplicate rule id en.ok (first at {first}:3)")


def test_all_problems_at_once(tmp_path: Path) -> None:
    """Mistakes in two rules of one file and in another file are all reported together."""
    one = write(
        tmp_path / "one.toml",
        GOOD
        + 'regex = ["("]\nscore = 1\n\n'
        + GOOD.split("\n\n")[1].replace("en.ok", "en.b")
        + 'phrases = ["x"]\n',
    )
    two = write(tmp_path / "two.toml", "[[rule]\n")
    assert [p.split(": ")[0] for p in problems(one, two)] == [
        f"{one}:7",
        f"{one}:10",
        f"{two}:1",
    ]


def test_rules_check_bad_file_exits_78(
    tmp_path: Path, xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`onfile rules check BADFILE` exits 78 and prints `file:line:` problems on stderr."""
    bad = write(tmp_path / "bad.toml", GOOD + 'regex = ["(unclosed"]\nscore = 1.0\n')
    assert main(["rules", "check", str(bad)]) == 78
    captured = capsys.readouterr()
    assert captured.err.startswith(f"onfile: {bad}:7: rule en.ok: bad regex")
    assert "Traceback" not in captured.err and captured.out == ""


def test_rules_check_good_file(
    tmp_path: Path, xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`onfile rules check GOODFILE` checks it together with the shipped rules and exits 0."""
    shipped = shipped_dir("rules")
    count = len(load_rules([shipped]).rules)
    files = len(rule_files([shipped]))
    good = write(tmp_path / "good.toml", GOOD + 'phrases = ["x"]\nscore = 1.0\n')
    assert main(["rules", "check", str(good)]) == 0
    assert capsys.readouterr().out == f"OK: {count + 1} rules in {files + 1} files\n"


def test_rules_check_file_that_only_adjusts(
    tmp_path: Path, xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that only disables a shipped rule checks as it will load: OK, one rule fewer."""
    first = load_rules([shipped_dir("rules")]).rules[0]
    tweaks = write(tmp_path / "tweaks.toml", f'disable = ["{first.id}"]\n')
    assert main(["rules", "check", str(tweaks)]) == 0
    count = len(load_rules([shipped_dir("rules")]).rules)
    assert capsys.readouterr().out.startswith(f"OK: {count - 1} rules in ")


def test_shipped_rules_check(xdg_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`onfile rules check` with no argument validates the shipped packs and exits 0."""
    assert main(["rules", "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")
