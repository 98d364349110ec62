"""Helpers for the `onfile run --once` tests on a real Dovecot: config files, letters, and a
mailbox view that reads Drafts and INBOX the way a mail client would (read-only, BODY.PEEK)."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from onfile.cli import main
from tests.dovecot import Dovecot

LETTERS = Path(__file__).parent.parent / "daemon" / "onfile" / "demo_letters"
IDENTITY_NAME, IDENTITY_EMAIL = "Alex Doe", "alex@example.org"
#: Where each shipped rejection's draft must go (r02 is no-reply; its text names careers@).
EXPECTED_TO = {
    "r01": "priya.natarajan@acme-analytics.example",
    "r02": "careers@northwind-labs.example",
    "r03": "tomas.ribeiro@bluefjord.example",
}


def letter(stem: str, **headers: str) -> bytes:
    """A shipped demo letter ("r01", "o02", ...), dated yesterday (inside the backfill window),
    with the given headers replaced or added (keyword `In_Reply_To` means In-Reply-To)."""
    raw = next(LETTERS.glob(f"{stem}-*.eml")).read_bytes()
    head, sep, body = raw.partition(b"\n\n")
    fields = {"Date": format_datetime(datetime.now(UTC) - timedelta(days=1))}
    fields |= {name.replace("_", "-"): value for name, value in headers.items()}
    for name in fields:  # drop the header and its folded continuation lines
        head = re.sub(rb"(?im)^" + re.escape(name.encode()) + rb":.*\n?(?:[ \t].*\n?)*", b"", head)
    added = b"".join(f"{k}: {v}\n".encode() for k, v in fields.items())
    return added + head.rstrip(b"\n") + sep + body


def message_id(raw: bytes) -> str:
    """The Message-ID of raw message bytes."""
    found = re.search(rb"(?im)^Message-ID:\s*(<[^>]+>)", raw)
    assert found, "letter without Message-ID"
    return found.group(1).decode()


def config_text(server: Dovecot, user: str, password: str, security: str = "tls") -> str:
    """A config with the test identity and one IMAP account on `server`."""
    port = server.tls_port if security == "tls" else server.port
    ca_file = f'ca_file = "{server.cafile}"\n' if security != "none" else ""
    return (
        f'[identity]\nname = "{IDENTITY_NAME}"\nemail = "{IDENTITY_EMAIL}"\n\n'
        f'[[account]]\nname = "work"\nhost = "{server.host}"\nport = {port}\n'
        f'security = "{security}"\n{ca_file}username = "{user}"\n'
        f'password_command = "printf %s {password}"\n'
    )


@dataclass
class Box:
    """One user's mailbox on a test server plus the config pointing at it."""

    server: Dovecot
    user: str
    password: str
    config: Path

    def deliver(self, raw: bytes, *, seen: bool = False) -> None:
        """Put a letter into INBOX, flagged \\Seen or not."""
        self.server.deliver(self.user, raw, flags="S" if seen else "")

    def run(self, *extra: str) -> int:
        """`onfile run --once` in-process; returns the exit code."""
        return main(["run", "--once", "--config", str(self.config), *extra])

    def flags(self, folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
        """UID -> FLAGS exactly as the server sends them, read via EXAMINE."""
        with self.server.client(self.user, self.password) as c:
            c.select_folder(folder, readonly=True)
            return {uid: d[b"FLAGS"] for uid, d in c.fetch(c.search(["ALL"]), ["FLAGS"]).items()}

    def counts(self) -> dict[str, int]:
        """Folder name -> number of messages, for every folder the server lists."""
        with self.server.client(self.user, self.password) as c:
            names = [str(name) for _, _, name in c.list_folders()]
            return {n: c.folder_status(n, ["MESSAGES"])[b"MESSAGES"] for n in names}

    def drafts(self) -> list[tuple[tuple[bytes, ...], EmailMessage]]:
        """(flags, parsed message) for everything in the Drafts folder, in UID order."""
        with self.server.client(self.user, self.password) as c:
            c.select_folder(self.server.drafts_folder, readonly=True)
            data = c.fetch(c.search(["ALL"]), ["FLAGS", "BODY.PEEK[]"])
        return [
            (d[b"FLAGS"], _parse(d[b"BODY[]"])) for _, d in sorted(data.items()) if b"BODY[]" in d
        ]

    def delete_draft(self, original_id: str) -> None:
        """Delete our draft for a letter as a user would: STORE \\Deleted, EXPUNGE."""
        with self.server.client(self.user, self.password) as c:
            c.select_folder(self.server.drafts_folder)
            uids = c.search(["HEADER", "X-Onfile-Original", original_id])
            assert len(uids) == 1
            c.delete_messages(uids)
            c.expunge()


def _parse(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def make_box(server: Dovecot, user: tuple[str, str], home: Path, security: str = "tls") -> Box:
    """A Box for a fresh user, its config written under `home`."""
    config = home / "config.toml"
    config.write_text(config_text(server, *user, security=security))
    return Box(server, user[0], user[1], config)


def originals(drafts: list[tuple[tuple[bytes, ...], EmailMessage]]) -> list[str]:
    """The X-Onfile-Original of each draft."""
    return [str(msg["X-Onfile-Original"]) for _, msg in drafts]
