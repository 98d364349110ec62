"""Reply templates: the shipped ones load, a user file replaces a shipped one, and mistakes are
`file:line:` problems that stop `onfile draft` and `onfile run` with exit 78."""

from __future__ import annotations

from pathlib import Path

import pytest

from onfile.cli import main
from onfile.config import Config
from onfile.errors import ConfigError
from onfile.pipeline import template_dirs
from onfile.resources import shipped_dir
from onfile.rules import LANGUAGES
from onfile.templates import load_templates
from tests.factories import IDENTITY, letter, write

SHIPPED_EN = (shipped_dir("drafts") / "en.toml").read_text(encoding="utf-8")


def user_packs(folder: Path) -> dict[str, object]:
    """The templates every command would use with a config living in `folder`."""
    return dict(
        load_templates(template_dirs(Config(path=folder / "config.toml", identity=IDENTITY)))
    )


def test_all_shipped_templates_load() -> None:
    """Every shipped language has a pack with both tones, from its own file."""
    packs = load_templates([shipped_dir("drafts")])
    assert sorted(packs) == sorted(LANGUAGES)
    for language, pack in packs.items():
        assert set(pack.bodies) == {"warm", "brief"}
        assert pack.source == str(shipped_dir("drafts") / f"{language}.toml")


def test_user_template_overrides_shipped(tmp_path: Path) -> None:
    """A drafts/en.toml beside the config replaces the shipped English pack only."""
    mine = write(tmp_path / "drafts" / "en.toml", SHIPPED_EN.replace("Best regards,", "Cheers,"))
    packs = load_templates(template_dirs(Config(path=tmp_path / "config.toml", identity=IDENTITY)))
    assert packs["en"].source == str(mine)
    assert "Cheers," in packs["en"].bodies["warm"].template
    assert packs["de"].source == str(shipped_dir("drafts") / "de.toml")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            'greeting_person = "Dear $recruiter,"',
            'greeting_person = "Dear $recruitr,"',
            "[fields] greeting_person: unknown field $recruitr; it may use $recruiter",
        ),
        (
            "$greeting\n\nThank you for letting",
            "$greeting\n\nThank you $forr letting",
            "[tone.warm] body: unknown field $forr",
        ),
        (
            'company_ref = "$company"',
            'company_ref = "$company costs $5"',
            "[fields] company_ref: a stray $",
        ),
        (
            'position_none = "the position"',
            'position_nothing = "the position"',
            "[fields] unknown key 'position_nothing'",
        ),
    ],
)
def test_template_problem_has_line(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    """An unknown placeholder, a stray $ or an unknown key is reported at its line."""
    assert old in SHIPPED_EN
    text = SHIPPED_EN.replace(old, new, 1)
    path = write(tmp_path / "drafts" / "en.toml", text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if new.split("\n")[-1] in row)
    with pytest.raises(ConfigError) as caught:
        user_packs(tmp_path)
    messages = [str(p) for p in caught.value.problems]
    assert f"{path}:{line}: {fragment}" in "\n".join(messages), messages


def test_missing_field_reported(tmp_path: Path) -> None:
    """A pack without a required field names the table and the missing key."""
    text = SHIPPED_EN.replace('position_none = "the position"\n', "")
    path = write(tmp_path / "drafts" / "en.toml", text)
    with pytest.raises(ConfigError) as caught:
        user_packs(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f'{path}:3: [fields] is missing position_none = "…"'
    ]


@pytest.mark.parametrize("command", [["draft", "letter.eml"], ["run", "--once"]])
def test_bad_template_stops_commands_with_78(
    xdg_home: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`onfile draft` and `onfile run` refuse to start on a bad template: exit 78, file:line."""
    folder = xdg_home / "xdg_config_home" / "onfile"
    maildir = xdg_home / "Mail"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    write(
        folder / "config.toml",
        f'[identity]\nname = "A"\nemail = "a@example.org"\n\n[[account]]\nname = "m"\n'
        f'maildir = "{maildir}"\n',
    )
    bad = write(folder / "drafts" / "fr.toml", SHIPPED_EN.replace("$recruiter,", "$who,"))
    (xdg_home / "letter.eml").write_bytes(letter())
    monkeypatch.chdir(xdg_home)
    assert main(command) == 78
    captured = capsys.readouterr()
    assert captured.err.startswith(f"onfile: {bad}:4: [fields] greeting_person: unknown field $who")
    assert captured.out == "" and not list((maildir / "new").iterdir())
