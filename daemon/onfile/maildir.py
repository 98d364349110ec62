"""The Maildir twin of mailbox.py (stdlib `mailbox`): reads watched folders without changing them
(no new→cur moves, no flag changes) and writes drafts with the D and S flags, as mbsync and
offlineimap sync them to \\Draft and \\Seen."""

from __future__ import annotations

import email.parser
import email.policy
import mailbox
import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from onfile.compose import MARKER_HEADER
from onfile.config import Account
from onfile.errors import MailboxError
from onfile.mailbox import DRAFT_NAMES, Fetched

# Maildir has no UIDs: a message's position is its file's mtime in nanoseconds, which delivery
# sets and a client's flag change (a rename) keeps, so "after the cursor" means "arrived since".
UIDVALIDITY = 1
_HEADERS = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


class MaildirMailbox:
    """A local Maildir tree: Maildir++ (INBOX at the root, folders as .Name) or one folder per
    directory (mbsync's SubFolders = Verbatim)."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.root = Path(account.maildir)
        if not self.root.is_dir():
            raise MailboxError(
                f'account {account.name}: maildir {self.root} does not exist; fix maildir = "…"'
            )
        self._keys: dict[int, list[str]] = {}
        self._watched: Path | None = None
        self._stamp: tuple[int, int] = (0, 0)

    @classmethod
    def connect(cls, account: Account) -> MaildirMailbox:
        return cls(account)

    def close(self) -> None:
        self._keys.clear()

    def capabilities(self) -> set[str]:
        return set()

    def folder_path(self, folder: str) -> Path:
        """Where a folder lives: INBOX is the root (Maildir++) or root/INBOX; X is .X or X."""
        if folder.upper() == "INBOX":
            candidates = [self.root, self.root / "INBOX", self.root / "Inbox"]
        else:
            candidates = [self.root / f".{folder.replace('/', '.')}", self.root / folder]
        for path in candidates:
            if _is_maildir(path):
                return path
        raise MailboxError(
            f"account {self.account.name}: no Maildir folder {folder!r} under {self.root}; check watch = [...]"
        )

    def _open(self, path: Path) -> mailbox.Maildir:
        # factory=None returns MaildirMessage; create=False never makes folders in watched trees.
        return mailbox.Maildir(path, factory=None, create=False)

    def examine(self, folder: str) -> tuple[int, int]:
        self.folder_path(folder)
        return UIDVALIDITY, 0

    def new_uids(self, folder: str, after: int, since: date | None) -> list[int]:
        """Positions (mtime ns) of messages delivered after `after` (and on or after `since`)."""
        path = self.folder_path(folder)
        floor = (
            int(datetime.combine(since, datetime.min.time(), UTC).timestamp() * 1e9) if since else 0
        )
        self._keys = {}
        for sub in ("new", "cur"):
            with os.scandir(path / sub) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or not entry.is_file():
                        continue
                    mtime = entry.stat().st_mtime_ns
                    if mtime > after and mtime >= floor:
                        key = entry.name.split(":", 1)[0]
                        self._keys.setdefault(mtime, []).append(key)
        return sorted(self._keys)

    def fetch(self, folder: str, positions: list[int]) -> Iterator[Fetched]:
        box = self._open(self.folder_path(folder))
        for position in positions:
            for key in self._keys.get(position, []):
                try:
                    message = box.get_message(key)
                except (KeyError, FileNotFoundError):
                    continue  # moved or deleted by the mail client meanwhile
                yield Fetched(position, message.as_bytes(), "R" in message.get_flags())

    def drafts_folder(self) -> str:
        """The Drafts folder's name: configured, or the first common name that exists (else .Drafts
        or Drafts is created, matching the tree's layout)."""
        if self.account.drafts != "auto":
            self.folder_path(self.account.drafts)
            return self.account.drafts
        for name in DRAFT_NAMES:
            try:
                self.folder_path(name)
            except MailboxError:
                continue
            return name
        target = self.root / (".Drafts" if _is_maildir(self.root) else "Drafts")
        mailbox.Maildir(target, create=True)
        return "Drafts"

    def _headers(self, folder: str) -> Iterator[email.message.Message]:
        path = self.folder_path(folder)
        for sub in ("new", "cur"):
            for entry in (path / sub).iterdir():
                if entry.is_file() and not entry.name.startswith("."):
                    with entry.open("rb") as handle:
                        yield _HEADERS.parse(handle)

    def draft_exists(self, original_id: str) -> bool:
        return any(
            h.get(MARKER_HEADER, "").strip() == original_id
            for h in self._headers(self.drafts_folder())
        )

    def replied(self, original_id: str) -> bool:
        folders = [self.drafts_folder()]
        for sent in ("Sent", "Sent Mail", "[Gmail]/Sent Mail", "INBOX.Sent", "Gesendet", "Envoyés"):
            try:
                self.folder_path(sent)
            except MailboxError:
                continue
            folders.append(sent)
            break
        return any(
            h.get("In-Reply-To", "").strip() == original_id
            for f in folders
            for h in self._headers(f)
        )

    def append_draft(self, raw: bytes) -> None:
        """Write the draft into Drafts/cur with flags D (draft) and S (seen)."""
        message = mailbox.MaildirMessage(raw)
        message.set_subdir("cur")
        message.set_flags("DS")
        try:
            self._open(self.folder_path(self.drafts_folder())).add(message)
        except OSError as exc:
            raise MailboxError(f"account {self.account.name}: cannot write a draft: {exc}") from exc

    # Watching: a delivery renames a file into new/ (or cur/), which changes that directory's
    # mtime; a stat of two directories four times a second is cheaper than any notifier.
    supports_push = True

    def _dir_stamp(self) -> tuple[int, int]:
        assert self._watched is not None
        try:
            return (self._watched / "new").stat().st_mtime_ns, (
                self._watched / "cur"
            ).stat().st_mtime_ns
        except OSError as exc:
            raise MailboxError(
                f"account {self.account.name}: {self._watched} vanished: {exc.strerror}"
            ) from exc

    def watch_start(self, folder: str) -> None:
        self._watched = self.folder_path(folder)
        self._stamp = self._dir_stamp()

    def watch_wait(self, timeout: float) -> bool:
        """Poll the folder's directories until they change or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while True:
            stamp = self._dir_stamp()
            if stamp != self._stamp:
                self._stamp = stamp
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(0.25, left))

    def watch_stop(self) -> None:
        """Nothing to leave: a Maildir watch holds no connection."""

    def keepalive(self) -> None:
        """A local tree cannot go half-open; check it is still there."""
        if not self.root.is_dir():
            raise MailboxError(f"account {self.account.name}: maildir {self.root} is gone")
