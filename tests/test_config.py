"""config.toml: the contract's example parses; every problem is reported at once with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from onfile.config import load_config
from onfile.errors import ConfigError
from tests.factories import write

# The example from the contract (docs/contract.md, Configuration), verbatim.
CONTRACT_EXAMPLE = """\
[identity]
name = "Alex Doe"
email = "alex@example.org"

[[account]]
name = "personal"
host = "imap.example.org"
port = 993
security = "tls"                 # tls (default) | starttls | none (refused unless host is loopback)
# ca_file = "~/.config/onfile/my-ca.pem"   # trust a private CA (certificates are always verified)
username = "alex@example.org"
# the secret: system keyring by default (service "onfile", user = account name), or one of
password_command = "pass show mail/personal"
# oauth2_token_command = "oama access alex@example.org"
watch = ["INBOX"]
drafts = "auto"                  # found by the \\Drafts special-use flag; or a folder name

[[account]]
name = "local"
maildir = "~/Mail/personal"      # a Maildir account instead of IMAP
"""
IDENTITY = '[identity]\nname = "Alex Doe"\nemail = "alex@example.org"\n'


def problems(path: Path) -> list[str]:
    """The problems load_config reports for `path`, as the user sees them."""
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [str(p) for p in caught.value.problems]


def test_contract_example_parses(xdg_home: Path) -> None:
    """The documented example loads into two accounts with the documented values."""
    config = load_config(write(xdg_home / "config.toml", CONTRACT_EXAMPLE))
    imap, local = config.accounts
    assert (config.identity.name, config.identity.email) == ("Alex Doe", "alex@example.org")
    assert (imap.name, imap.host, imap.port, imap.security) == (
        "personal",
        "imap.example.org",
        993,
        "tls",
    )
    assert (imap.password_command, imap.watch, imap.drafts) == (
        "pass show mail/personal",
        ("INBOX",),
        "auto",
    )
    assert local.is_maildir and local.maildir == str(xdg_home / "home" / "Mail/personal")
    assert config.threshold == 5.0 and config.draft.tone == "warm"


def test_every_problem_reported_at_once_with_lines(tmp_path: Path) -> None:
    """Three mistakes in one file give three `file:line:` problems, each on its own line."""
    path = write(
        tmp_path / "config.toml",
        IDENTITY + '\n[draft]\ntone = "chatty"\nrate_limit_days = "three"\n'
        "\n[service]\npoll_seconds = 0\n",
    )
    assert problems(path) == [
        f"{path}:10: service.poll_seconds: must be at least 1",
        f'{path}:6: draft.tone: must be "warm" or "brief"',
        f"{path}:7: draft.rate_limit_days: must be a whole number of days (0 = off), not 'three'",
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (IDENTITY + 'password = "hunter2"\n', 4),
        (
            IDENTITY + '\n[[account]]\nname = "p"\nhost = "h.example"\nusername = "u"\n'
            'password = "hunter2"\n',
            9,
        ),
    ],
    ids=["identity", "account"],
)
def test_password_key_refused(tmp_path: Path, text: str, line: int) -> None:
    """A password in the file is refused, pointing at the keyring and password_command."""
    path = write(tmp_path / "config.toml", text)
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:{line}: ")
    assert "onfile password set" in problem and "keyring" in problem
    assert "password_command" in problem and "hunter2" not in problem


def test_top_level_password_refused(tmp_path: Path) -> None:
    """A password at the top of the file is refused with the same advice."""
    path = write(tmp_path / "config.toml", 'password = "hunter2"\n' + IDENTITY)
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:1: ")
    assert "onfile password set" in problem and "password_command" in problem


def account(host: str, security: str = "none") -> str:
    """An IMAP account table for `host`."""
    return IDENTITY + (
        f'\n[[account]]\nname = "p"\nhost = "{host}"\nsecurity = "{security}"\nusername = "u"\n'
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1"])
def test_security_none_allowed_on_loopback(tmp_path: Path, host: str) -> None:
    """Clear-text IMAP is accepted for loopback hosts, on port 143 by default."""
    (loaded,) = load_config(write(tmp_path / "config.toml", account(host))).accounts
    assert (loaded.host, loaded.security, loaded.port) == (host, "none", 143)


@pytest.mark.parametrize("host", ["imap.example.org", "10.0.0.1", "::2", "localhost.example.org"])
def test_security_none_refused_elsewhere(tmp_path: Path, host: str) -> None:
    """Clear-text IMAP to any other host is refused on the security line."""
    path = write(tmp_path / "config.toml", account(host))
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:8: account p: security: ")
    assert "loopback" in problem and "starttls" in problem


@pytest.mark.parametrize(
    ("extra", "line", "key"),
    [
        ('colour = "blue"\n', 4, "identity.colour"),
        ("\n[detect]\nthreshhold = 4\n", 6, "detect.threshhold"),
        ('\n[draft]\ntone = "warm"\nsignoff = "x"\n', 7, "draft.signoff"),
        ("\n[service]\npoll = 5\n", 6, "service.poll"),
        ('\n[[account]]\nname = "p"\nmaildir = "/m"\nfolder = "x"\n', 8, "account p: folder"),
    ],
)
def test_unknown_keys(tmp_path: Path, extra: str, line: int, key: str) -> None:
    """An unknown key is named with its table and line, and the keys allowed there."""
    path = write(tmp_path / "config.toml", IDENTITY + extra)
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:{line}: {key}: unknown key; expected one of ")


def test_unknown_table(tmp_path: Path) -> None:
    """An unknown top-level table is named with its line and the tables that exist."""
    path = write(tmp_path / "config.toml", IDENTITY + "\n[servise]\npoll_seconds = 5\n")
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:5: unknown table 'servise'; expected [identity]")


def test_service_timings_are_kept(tmp_path: Path) -> None:
    """backfill_days, poll_seconds and idle_renew_seconds reach the Config."""
    path = write(
        tmp_path / "config.toml",
        IDENTITY + "\n[service]\nbackfill_days = 7\npoll_seconds = 30\nidle_renew_seconds = 120\n",
    )
    config = load_config(path)
    assert (config.backfill_days, config.poll_seconds, config.idle_renew_seconds) == (7, 30, 120)


def test_toml_syntax_error_has_line(tmp_path: Path) -> None:
    """A TOML syntax error is one problem at its line."""
    path = write(tmp_path / "config.toml", IDENTITY + "[[account]\n")
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:4: TOML syntax error")
