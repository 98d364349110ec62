"""Shared pytest fixtures. Other engineers add their fixtures here too (that's fine).

The Dovecot logic lives in tests/dovecot.py; these are thin session-scoped wrappers around it.
"""

from collections.abc import Iterator

import pytest

from tests.dovecot import Dovecot, UserFactory, start_dovecot


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
