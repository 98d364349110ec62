"""The small error hierarchy: every failure onfile expects has a class here, and the CLI maps it to
one line and an exit code (config problems exit 78, EX_CONFIG, so systemd does not restart-loop)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EX_CONFIG = 78


class OnfileError(Exception):
    """Base of every error onfile raises on purpose; the message is one line meant for the user."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem in a file the user edits: where it is and what to do about it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ConfigError(OnfileError):
    """Raised when the config, a rule file or a template is invalid; carries every problem at once."""

    exit_code = EX_CONFIG

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("config", None, problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CredentialError(OnfileError):
    """Raised when an account's secret cannot be had (keyring empty, password_command failed)."""


class MailboxError(OnfileError):
    """Raised when a mailbox cannot be reached or used: connection, TLS, login, missing folder."""


class MessageError(OnfileError):
    """Raised when one message cannot be parsed; the caller records it and goes on with the rest."""
