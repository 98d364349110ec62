"""Where the config is found (ONFILE_CONFIG, XDG_CONFIG_HOME, --config) and how a bad one ends a
command: exit 78, one line per problem, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from onfile import paths
from onfile.cli import main
from tests.factories import letter, write

BAD = '[identity]\nname = ""\nemail = "alex"\ncolour = "blue"\n'


def test_xdg_config_home_honoured(xdg_home: Path) -> None:
    """Without ONFILE_CONFIG the config is $XDG_CONFIG_HOME/onfile/config.toml."""
    assert paths.config_path() == xdg_home / "xdg_config_home" / "onfile" / "config.toml"


def test_onfile_config_wins(xdg_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$ONFILE_CONFIG names the config file, whatever XDG_CONFIG_HOME says."""
    monkeypatch.setenv("ONFILE_CONFIG", str(xdg_home / "elsewhere.toml"))
    assert paths.config_path() == xdg_home / "elsewhere.toml"


def test_state_and_cache_follow_xdg(xdg_home: Path) -> None:
    """State and cache live under $XDG_STATE_HOME/onfile and $XDG_CACHE_HOME/onfile."""
    assert paths.state_dir() == xdg_home / "xdg_state_home" / "onfile"
    assert paths.cache_dir() == xdg_home / "xdg_cache_home" / "onfile"


def test_relative_xdg_value_ignored(xdg_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative XDG_CONFIG_HOME is invalid per the XDG spec and falls back to ~/.config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    assert paths.config_path() == xdg_home / "home" / ".config" / "onfile" / "config.toml"


def test_cli_reads_config_from_xdg(xdg_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`onfile check` with no --config uses the XDG config (here: a broken one, so exit 78)."""
    write(xdg_home / "xdg_config_home" / "onfile" / "config.toml", BAD)
    eml = xdg_home / "a.eml"
    eml.write_bytes(letter())
    assert main(["check", str(eml)]) == 78
    assert "xdg_config_home/onfile/config.toml:4: identity.colour" in capsys.readouterr().err


def test_cli_reads_config_from_onfile_config(
    xdg_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`onfile rules list` with $ONFILE_CONFIG set reads that file."""
    bad = write(xdg_home / "mine.toml", BAD)
    monkeypatch.setenv("ONFILE_CONFIG", str(bad))
    assert main(["rules", "list"]) == 78
    assert f"{bad}:3: identity.email" in capsys.readouterr().err


def test_missing_explicit_config_is_an_error(
    xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An explicit --config that does not exist exits 78 and says so."""
    eml = xdg_home / "a.eml"
    eml.write_bytes(letter())
    assert main(["check", "--config", str(xdg_home / "none.toml"), str(eml)]) == 78
    assert "none.toml: no config file" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["check", "a.eml"], ["draft", "a.eml"], ["run", "--once"]])
def test_bad_config_exits_78_without_traceback(xdg_home: Path, command: list[str]) -> None:
    """A real `python -m onfile` with a bad config exits 78: one line per problem, no traceback."""
    config = write(xdg_home / "config.toml", BAD)
    (xdg_home / "a.eml").write_bytes(letter())
    env = {**os.environ, "ONFILE_CONFIG": str(config)}
    done = subprocess.run(
        [sys.executable, "-m", "onfile", *command],
        cwd=xdg_home,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 78, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith(f"onfile: {config}:") for line in lines)
    assert "Traceback" not in done.stderr and done.stdout == ""
