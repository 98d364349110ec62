"""User rule overrides beside the config: same name replaces a shipped file, a new file adds rules,
`disable` and `[rescore]` adjust; `onfile rules list` names where every rule comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from onfile.cli import main
from onfile.config import Config
from onfile.errors import ConfigError
from onfile.pipeline import rule_dirs
from onfile.resources import shipped_dir
from onfile.rules import RuleSet, load_rules
from tests.factories import IDENTITY, write

EXTRA = (
    'language = "en"\n\n[[rule]]\nid = "en.mine"\ndescription = "my own"\nfield = "subject"\n'
    'phrases = ["thanks but no"]\nscore = 2.5\n'
)


def effective(folder: Path) -> RuleSet:
    """The rules every command would use with a config living in `folder`."""
    return load_rules(rule_dirs(Config(path=folder / "config.toml", identity=IDENTITY)))


def shipped() -> RuleSet:
    """The shipped rule packs alone."""
    return load_rules([shipped_dir("rules")])


def test_new_file_adds_rules(tmp_path: Path) -> None:
    """A new file in the user's rules/ adds its rules to every shipped one."""
    write(tmp_path / "rules" / "extra.toml", EXTRA)
    rules = {r.id: r for r in effective(tmp_path).rules}
    assert {r.id for r in shipped().rules} < set(rules)
    assert rules["en.mine"].source == str(tmp_path / "rules" / "extra.toml")
    assert rules["en.mine"].line == 3 and rules["en.mine"].score == 2.5


def test_same_name_replaces_shipped_file(tmp_path: Path) -> None:
    """A user file named like a shipped one replaces all of that file's rules."""
    en = shipped_dir("rules") / "en.toml"
    shipped_en = {r.id for r in shipped().rules if r.source == str(en)}
    write(tmp_path / "rules" / "en.toml", EXTRA)
    ids = {r.id for r in effective(tmp_path).rules}
    assert shipped_en and not shipped_en & ids
    assert "en.mine" in ids


def test_disable_and_rescore(tmp_path: Path) -> None:
    """`disable` removes a shipped rule and `[rescore]` changes another's score."""
    first, second = shipped().rules[:2]
    write(
        tmp_path / "rules" / "tweaks.toml",
        f'disable = ["{first.id}"]\n\n[rescore]\n"{second.id}" = 0.5\n',
    )
    rules = {r.id: r for r in effective(tmp_path).rules}
    assert first.id not in rules
    assert rules[second.id].score == 0.5 and rules[second.id].source == second.source


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('disable = [\n  "en.no-such-rule",\n]\n', 2, "disable: no rule 'en.no-such-rule'"),
        ('[rescore]\n"en.no-such-rule" = 1.0\n', 2, "rescore: no rule 'en.no-such-rule'"),
        ('disable = "en.x"\n', 1, "disable must be a list of rule ids"),
    ],
)
def test_unknown_id_is_an_error(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    """Disabling or rescoring a rule that does not exist is a `file:line:` problem."""
    path = write(tmp_path / "rules" / "tweaks.toml", text)
    with pytest.raises(ConfigError) as caught:
        effective(tmp_path)
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{path}:{line}: {fragment}")


def test_rules_list_shows_source_per_rule(
    xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`onfile rules list` prints every effective rule with the file:line it comes from."""
    folder = xdg_home / "xdg_config_home" / "onfile"
    write(folder / "config.toml", '[identity]\nname = "A"\nemail = "a@example.org"\n')
    user_file = write(folder / "rules" / "extra.toml", EXTRA)
    assert main(["rules", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = {line.split()[0]: line.split()[-1] for line in lines[2:]}
    assert listed["en.mine"] == f"{user_file}:3"
    for rule in shipped().rules:
        assert listed[rule.id] == f"{rule.source}:{rule.line}"
    assert len(listed) == len(shipped().rules) + 1
