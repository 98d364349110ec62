"""The state store (SQLite under $XDG_STATE_HOME/onfile/): per folder the UIDVALIDITY and last UID
seen, and a ledger of every message decided, keyed on Message-ID so rescans never duplicate."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from onfile.errors import OnfileError

SCHEMA = """
CREATE TABLE IF NOT EXISTS folders (
    account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (account, folder));
CREATE TABLE IF NOT EXISTS ledger (
    account TEXT NOT NULL, message_id TEXT NOT NULL, folder TEXT NOT NULL, uid INTEGER,
    decided TEXT NOT NULL, letter_date TEXT, verdict TEXT NOT NULL, score REAL NOT NULL,
    company TEXT, role TEXT, recipient TEXT, status TEXT NOT NULL, draft_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, error TEXT, PRIMARY KEY (account, message_id));
CREATE INDEX IF NOT EXISTS ledger_decided ON ledger (decided);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# Ledger statuses: drafted (a draft was appended), skipped (a rejection held back: reason in
# error), other (not a rejection), failed (the pipeline failed; retried up to MAX_ATTEMPTS).
FINAL = ("drafted", "skipped", "other", "gave-up")
MAX_ATTEMPTS = 3


class StateError(OnfileError):
    """Raised when the state database cannot be opened or written."""


@dataclass(frozen=True)
class Entry:
    """One decided message, as `onfile history` shows it."""

    account: str
    message_id: str
    folder: str
    decided: str
    letter_date: str | None
    verdict: str
    score: float
    company: str | None
    role: str | None
    recipient: str | None
    status: str
    error: str | None
    attempts: int


class State:
    """Cursors and ledger; one connection, every write committed at once (crash-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # The ledger names companies and recruiters: readable by the user only.
            path.touch(mode=0o600, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=10, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"state store {path}: {exc}; check the folder is writable") from exc

    def close(self) -> None:
        self.db.close()

    def cursor_for(self, account: str, folder: str) -> tuple[int, int] | None:
        """(uidvalidity, last_uid) for a folder, or None before its first pass."""
        row = self.db.execute(
            "SELECT uidvalidity, last_uid FROM folders WHERE account=? AND folder=?",
            (account, folder),
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def set_cursor(
        self, account: str, folder: str, uidvalidity: int, last_uid: int, now: datetime
    ) -> None:
        self.db.execute(
            "INSERT INTO folders VALUES (?,?,?,?,?) ON CONFLICT(account, folder) DO UPDATE SET "
            "uidvalidity=excluded.uidvalidity, last_uid=excluded.last_uid, updated=excluded.updated",
            (account, folder, uidvalidity, last_uid, now.isoformat()),
        )

    def status_of(self, account: str, message_id: str) -> tuple[str, int] | None:
        """(status, attempts) of a message already decided, or None."""
        row = self.db.execute(
            "SELECT status, attempts FROM ledger WHERE account=? AND message_id=?",
            (account, message_id),
        ).fetchone()
        return (str(row[0]), int(row[1])) if row else None

    def is_settled(self, account: str, message_id: str) -> bool:
        """True once a message needs no more work: decided, or failed too often."""
        found = self.status_of(account, message_id)
        return found is not None and (found[0] in FINAL or found[1] >= MAX_ATTEMPTS)

    def record(self, entry: Entry, uid: int | None, draft_id: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO ledger VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(account, message_id) "
            "DO UPDATE SET folder=excluded.folder, uid=excluded.uid, decided=excluded.decided, "
            "letter_date=excluded.letter_date, verdict=excluded.verdict, score=excluded.score, "
            "company=excluded.company, role=excluded.role, recipient=excluded.recipient, "
            "status=excluded.status, draft_id=excluded.draft_id, attempts=excluded.attempts, "
            "error=excluded.error",
            (
                entry.account,
                entry.message_id,
                entry.folder,
                uid,
                entry.decided,
                entry.letter_date,
                entry.verdict,
                entry.score,
                entry.company,
                entry.role,
                entry.recipient,
                entry.status,
                draft_id,
                entry.attempts,
                entry.error,
            ),
        )

    def record_failure(
        self, account: str, folder: str, message_id: str, uid: int | None, error: str, now: datetime
    ) -> int:
        """Count one more failed attempt; returns the count (MAX_ATTEMPTS sets the message aside)."""
        found = self.status_of(account, message_id)
        attempts = (found[1] if found else 0) + 1
        status = "gave-up" if attempts >= MAX_ATTEMPTS else "failed"
        self.record(
            Entry(
                account,
                message_id,
                folder,
                now.isoformat(),
                None,
                "error",
                0.0,
                None,
                None,
                None,
                status,
                error,
                attempts,
            ),
            uid,
        )
        return attempts

    def recent_recipient_domains(self, account: str, since: datetime) -> set[str]:
        """Domains a draft went to since `since`, for the per-company rate limit."""
        rows = self.db.execute(
            "SELECT recipient FROM ledger WHERE account=? AND status='drafted' AND decided>=? AND recipient IS NOT NULL",
            (account, since.isoformat()),
        )
        return {str(r[0]).rpartition("@")[2].lower() for r in rows}

    def entries(self, account: str | None = None, verdict: str | None = None) -> Iterator[Entry]:
        query = "SELECT account, message_id, folder, decided, letter_date, verdict, score, company, role, recipient, status, error, attempts FROM ledger"
        clauses, args = [], []
        if account:
            clauses.append("account=?")
            args.append(account)
        if verdict:
            clauses.append("verdict=?")
            args.append(verdict)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        with closing(self.db.execute(query + " ORDER BY decided", args)) as rows:
            for row in rows:
                yield Entry(*row)

    def set_meta(self, key: str, value: str) -> None:
        """Remember a service fact (last activity, status line) for `onfile status`."""
        self.db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.db.execute("SELECT key, value FROM meta")}

    def prune(self, before: datetime) -> int:
        """Forget non-rejections decided before `before`; rejections stay as the history."""
        cursor = self.db.execute(
            "DELETE FROM ledger WHERE verdict='other' AND decided<?", (before.isoformat(),)
        )
        return cursor.rowcount
