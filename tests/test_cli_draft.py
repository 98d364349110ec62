"""`onfile draft`: the exact draft the service would append, or one line saying why there is none."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from onfile.cli import main
from tests.factories import OTHER, letter, write

CONFIG = '[identity]\nname = "Sam Roe"\nemail = "sam@roe.example"\n'
# Scores the test letter high whatever the shipped rules say, so the draft path is certain.
STRONG = (
    '[[rule]]\nid = "test.strong"\ndescription = "test"\nfield = "body"\n'
    'phrases = ["regret to inform"]\nscore = 50.0\n'
)


@pytest.fixture
def config(xdg_home: Path) -> Path:
    """A config with the identity Sam Roe and a strong user rule beside it."""
    folder = xdg_home / "xdg_config_home" / "onfile"
    write(folder / "rules" / "strong.toml", STRONG)
    return write(folder / "config.toml", CONFIG)


def test_prints_a_parseable_draft(
    config: Path, xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """For a rejection it prints an RFC 5322 draft from the configured identity, threaded."""
    path = xdg_home / "letter.eml"
    yesterday = datetime.now(UTC) - timedelta(days=1)  # `draft` decides as of now
    raw = letter(
        subject="AW: Your application", reply_to="Jane <JANE@acme.example>", date=yesterday
    )
    path.write_bytes(raw)
    assert main(["draft", str(path)]) == 0
    captured = capsys.readouterr()
    draft = email.message_from_string(captured.out, policy=email.policy.default)
    assert draft["From"] == "Sam Roe <sam@roe.example>"
    assert draft["To"] == "jane@acme.example"
    assert draft["Subject"] == "Re: Your application"
    assert draft["In-Reply-To"] == draft["X-Onfile-Original"] == "<r1@acme.example>"
    assert draft["Message-ID"].endswith("@roe.example>")
    assert draft.get_content().rstrip().endswith("Sam Roe")
    assert captured.err == ""


def test_one_line_when_no_draft(
    config: Path, xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """For anything else it prints one line with the reason, and exits 0."""
    path = xdg_home / "other.eml"
    path.write_bytes(letter(OTHER, subject="Shipped"))
    assert main(["draft", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("no draft: not a rejection (score ") and out.count("\n") == 1


def test_without_config_uses_sample_identity(
    xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no config file it still works, signs as the sample identity and says so on stderr."""
    path = xdg_home / "letter.eml"
    path.write_bytes(letter(OTHER, subject="Shipped"))
    assert main(["draft", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("no draft: ")
    assert "no config file" in captured.err and "Alex Doe" in captured.err


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.eml", b"", "empty message"),
        ("missing.eml", None, "no such file"),
        ("folder", "dir", "give one message file (.eml)"),
    ],
)
def test_unusable_input_is_one_line(
    config: Path,
    xdg_home: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | str | None,
    error: str,
) -> None:
    """An unreadable file, a missing one or a folder: exit 1 with one line on stderr."""
    path = xdg_home / name
    if content == "dir":
        path.mkdir()
        (path / "a.eml").write_bytes(letter())
        (path / "b.eml").write_bytes(letter())
    elif isinstance(content, bytes):
        path.write_bytes(content)
    assert main(["draft", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and error in captured.err
