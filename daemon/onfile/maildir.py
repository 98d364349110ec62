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

# Maildir has no UIDs: a message's position is the later of its file's mtime and ctime in
# nanoseconds. Delivery sets both; mail copied in with its old mtime kept (cp -p, rsync -t, an
# mbsync restore) still gets a fresh ctime, so "after the cursor" means "arrived since". A flag
# change (a rename) also moves ctime: such a letter comes round again and the ledger skips it.
UIDVALIDITY = 1
_POLL = 0.25  # seconds between looks at a watched folder
_SETTLE_NS = 20_000_000  # directory mtimes younger than this may still take a same-tick change
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
        self._mark: tuple[Path, tuple[int, int]] | None = None  # the watched folder's stamp
        self._pending = False

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
        """Positions (ns) of messages that arrived after `after` (and were delivered on or after
        `since`, by their mtime)."""
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
                    stat = entry.stat()
                    position = max(stat.st_mtime_ns, stat.st_ctime_ns)
                    if position > after and stat.st_mtime_ns >= floor:
                        key = entry.name.split(":", 1)[0]
                        self._keys.setdefault(position, []).append(key)
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

    def _existing_drafts(self) -> str | None:
        """The Drafts folder's name if there is one: configured (it must exist), or the first
        common name that exists."""
        if self.account.drafts != "auto":
            self.folder_path(self.account.drafts)
            return self.account.drafts
        for name in DRAFT_NAMES:
            try:
                self.folder_path(name)
            except MailboxError:
                continue
            return name
        return None

    def drafts_folder(self) -> str:
        """The Drafts folder's name: configured, or the first common name that exists (else .Drafts
        or Drafts is created, matching the tree's layout)."""
        found = self._existing_drafts()
        if found is not None:
            return found
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

    # Looking must not write: without a Drafts folder there is no draft (and a dry run creates none).
    def draft_exists(self, original_id: str) -> bool:
        drafts = self._existing_drafts()
        return drafts is not None and any(
            h.get(MARKER_HEADER, "").strip() == original_id for h in self._headers(drafts)
        )

    def replied(self, original_id: str) -> bool:
        folders = [f for f in (self._existing_drafts(),) if f is not None]
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
    # mtime; a stat of two directories four times a second is cheaper than any notifier and
    # works on every filesystem (inotify misses changes made over NFS or by another machine).
    supports_push = True

    def _dir_stamp(self, path: Path) -> tuple[int, int]:
        """The mtimes of new/ and cur/, read once they are older than the filesystem's
        timestamp tick (a few ms): a delivery after the read then always changes the stamp."""
        for _ in range(2):
            try:
                stamp = ((path / "new").stat().st_mtime_ns, (path / "cur").stat().st_mtime_ns)
            except OSError as exc:
                raise MailboxError(
                    f"account {self.account.name}: {path} vanished: {exc.strerror}"
                ) from exc
            young = max(stamp) + _SETTLE_NS - time.time_ns()
            if not 0 < young <= _SETTLE_NS:  # settled (or a clock in the future: never wait)
                break
            time.sleep(young / 1e9)
        return stamp

    def watch_start(self, folder: str) -> None:
        """Remember the folder's stamp; when it differs from the previous watch_start (or there
        was none), the next watch_wait reports news at once, since mail may have arrived
        while the caller was catching up."""
        path = self.folder_path(folder)
        mark = (path, self._dir_stamp(path))
        self._pending, self._mark = mark != self._mark, mark

    def watch_wait(self, timeout: float) -> bool:
        """Poll the folder's directories until they change or `timeout` passes."""
        if self._mark is None:
            raise MailboxError(f"account {self.account.name}: watch_wait before watch_start")
        if self._pending:
            self._pending = False
            return True
        path = self._mark[0]
        deadline = time.monotonic() + timeout
        while True:
            mark = (path, self._dir_stamp(path))
            if mark != self._mark:
                self._mark = mark
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(_POLL, left))

    def watch_stop(self) -> None:
        """Nothing to leave: a Maildir watch holds no connection."""

    def keepalive(self) -> None:
        """A local tree cannot go half-open; check it is still there."""
        if not self.root.is_dir():
            raise MailboxError(f"account {self.account.name}: maildir {self.root} is gone")
