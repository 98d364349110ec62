"""Shared pytest fixtures. Other engineers add their fixtures here too (that's fine).

The Dovecot logic lives in tests/dovecot.py; these are thin session-scoped wrappers around it.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.dovecot import Dovecot, UserFactory, start_dovecot
from tests.servicerun import Home, Running


def _serve(variant: str) -> Iterator[Dovecot]:
    server = start_dovecot(variant)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """Private Dovecot, separator "/", Drafts/Sent/Trash/Junk."""
    yield from _serve("default")


@pytest.fixture(scope="session")
def dovecot_gmail() -> Iterator[Dovecot]:
    """Private Dovecot with Gmail-style names ("[Gmail]/Drafts", ...)."""
    yield from _serve("gmail")


@pytest.fixture(scope="session")
def dovecot_dot() -> Iterator[Dovecot]:
    """Private Dovecot, separator ".", prefix "INBOX." (Drafts is "INBOX.Drafts")."""
    yield from _serve("dot")


@pytest.fixture
def imap_user() -> UserFactory:
    """Call with a server to get a fresh (name, password) there; no restart needed."""
    return lambda server: server.new_user()


@pytest.fixture
def xdg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and every XDG dir inside tmp_path, the keyring a plaintext file there; returns tmp_path."""
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / var.lower()
        folder.mkdir()
        monkeypatch.setenv(var, str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.delenv("ONFILE_CONFIG", raising=False)
    return tmp_path


@pytest.fixture
def home(tmp_path: Path) -> Home:
    """A throw-away home (XDG dirs, config, password files) for the service and the CLI."""
    return Home(tmp_path / "home")


@pytest.fixture
def service(home: Home) -> Iterator[Callable[..., Running]]:
    """Call like home.start(*args, env=...) to start `onfile run`; all are killed at teardown."""
    started: list[Running] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Running:
        started.append(home.start(*args, env=env))
        return started[-1]

    yield start
    for running in started:
        running.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from the current output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
