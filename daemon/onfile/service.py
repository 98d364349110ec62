"""One pass over an account: for each watched folder, fetch what is new, decide, and apply the
plan (append drafts, record the ledger), one poisoned message never blocking the rest."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from onfile.compose import MARKER_HEADER
from onfile.config import Account
from onfile.errors import MailboxError, MessageError
from onfile.mailbox import Fetched, ImapMailbox
from onfile.maildir import MaildirMailbox
from onfile.message import Message, parse_message, raw_message_id
from onfile.pipeline import Context, Decision, Engine, decide
from onfile.state import Entry, State

log = logging.getLogger("onfile")


class Mailbox(Protocol):
    """What a pass needs from a mailbox edge; ImapMailbox and MaildirMailbox both provide it."""

    def examine(self, folder: str) -> tuple[int, int]: ...
    def new_uids(self, folder: str, after: int, since: date | None) -> list[int]: ...
    def fetch(self, folder: str, uids: list[int]) -> Iterator[Fetched]: ...
    def draft_exists(self, original_id: str) -> bool: ...
    def replied(self, original_id: str) -> bool: ...
    def append_draft(self, raw: bytes) -> None: ...
    def drafts_folder(self) -> str: ...
    def close(self) -> None: ...
    @property
    def supports_push(self) -> bool: ...
    def watch_start(self, folder: str) -> None: ...
    def watch_wait(self, timeout: float) -> bool: ...
    def watch_stop(self) -> None: ...
    def keepalive(self) -> None: ...


@dataclass
class Outcome:
    """What happened to one message in a pass."""

    folder: str
    uid: int
    message_id: str
    status: str
    reason: str
    decision: Decision | None = None


@dataclass
class PassReport:
    """Everything one pass over one account did, for logs, the CLI and the demo."""

    account: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def open_mailbox(account: Account) -> Mailbox:
    """Connect to an account's mailbox (raises MailboxError or CredentialError)."""
    if account.is_maildir:
        return MaildirMailbox.connect(account)
    return ImapMailbox.connect(account)


def fallback_id(raw: bytes) -> str:
    """A stable stand-in for a letter without Message-ID, so the ledger can still key on it."""
    return f"<{hashlib.sha256(raw).hexdigest()[:32]}@onfile.invalid>"


def _describe(message: Message) -> str:
    return f"{message.message_id or '(no Message-ID)'} {message.subject[:60]!r}"


class Pass:
    """Applies decisions for one account against its mailbox and state."""

    def __init__(
        self,
        box: Mailbox,
        account: Account,
        engine: Engine,
        state: State,
        now: datetime,
        dry_run: bool,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.box, self.account, self.engine, self.state = box, account, engine, state
        self.now, self.dry_run, self.should_stop = now, dry_run, should_stop
        days = engine.config.draft.rate_limit_days
        self.recent = (
            state.recent_recipient_domains(account.name, now - timedelta(days=days))
            if days
            else set()
        )
        self.report = PassReport(account.name)

    def folder(self, folder: str) -> None:
        """Catch up on one watched folder, moving its cursor only past settled messages."""
        uidvalidity, _ = self.box.examine(folder)
        cursor = self.state.cursor_for(self.account.name, folder)
        config = self.engine.config
        since = (
            (self.now - timedelta(days=config.backfill_days)).date()
            if config.backfill_days
            else None
        )
        if cursor is not None and cursor[0] == uidvalidity:
            after, since = cursor[1], None
        else:
            if cursor is not None:
                log.warning(
                    "account %s: %s has a new UIDVALIDITY (%s, was %s); rescanning, the ledger prevents duplicates",
                    self.account.name,
                    folder,
                    uidvalidity,
                    cursor[0],
                )
            after = 0
        uids = self.box.new_uids(folder, after, since)
        last, held = after, None
        for fetched in self.box.fetch(folder, uids):
            if self.should_stop():
                break  # finish the message in hand only; the cursor keeps the rest for later
            settled = self.one(folder, fetched)
            if not settled and held is None:
                held = last  # keep the cursor before a failed message so the next pass retries it
            last = max(last, fetched.uid)
        if not self.dry_run:
            self.state.set_cursor(
                self.account.name, folder, uidvalidity, held if held is not None else last, self.now
            )

    def one(self, folder: str, fetched: Fetched) -> bool:
        """Decide and apply one message; returns False when it failed and should be retried."""
        name = self.account.name
        try:
            message = parse_message(fetched.raw)
        except MessageError as exc:
            failed_id = raw_message_id(fetched.raw) or fallback_id(fetched.raw)
            return self._failed(folder, fetched.uid, failed_id, str(exc))
        message_id = message.message_id or fallback_id(fetched.raw)
        if self.state.is_settled(name, message_id):
            return True
        try:
            decision = decide(
                self.engine, message, self.now, Context(fetched.answered, frozenset(self.recent))
            )
            status, reason = self._apply(decision, message_id)
        except MailboxError:
            raise
        except (
            Exception
        ) as exc:  # a poisoned message: log, record, retry later, never block the rest
            log.debug("pipeline failure", exc_info=True)
            return self._failed(folder, fetched.uid, message_id, f"{exc.__class__.__name__}: {exc}")
        self.report.outcomes.append(
            Outcome(folder, fetched.uid, message_id, status, reason, decision)
        )
        if not self.dry_run:
            facts = decision.detection.facts
            self.state.record(
                Entry(
                    name,
                    message_id,
                    folder,
                    self.now.isoformat(),
                    message.date.isoformat() if message.date else None,
                    "rejection" if decision.detection.is_rejection else "other",
                    decision.detection.score,
                    facts.company,
                    facts.role,
                    decision.draft.to if decision.draft else None,
                    status,
                    None if status in ("drafted", "other") else reason,
                    0,
                ),
                fetched.uid,
                decision.draft.message_id if decision.draft else None,
            )
        return True

    def _apply(self, decision: Decision, message_id: str) -> tuple[str, str]:
        if not decision.detection.is_rejection:
            return "other", decision.reason
        draft = decision.draft
        if draft is None:
            return "skipped", decision.reason
        where = f"account {self.account.name}: {_describe(decision.message)}"
        if self.box.draft_exists(message_id):
            log.info("%s: our draft is already in Drafts", where)
            return "drafted", "draft already in Drafts"
        if self.box.replied(message_id):
            return "skipped", "you already replied"
        if self.dry_run:
            if draft.to:  # as a real pass would, so the per-company rate limit shows too
                self.recent.add(draft.to.rpartition("@")[2].lower())
            return "would-draft", "dry run: nothing written"
        raw = draft.raw
        if f"\n{MARKER_HEADER}:".encode() not in b"\n" + raw.partition(b"\n\n")[0]:
            # compose marks only letters with a Message-ID; mark this one with its stand-in id
            # too, so draft_exists finds it after a crash or a lost state store.
            raw = f"{MARKER_HEADER}: {message_id}\n".encode() + raw
        self.box.append_draft(raw)
        if draft.to:
            self.recent.add(draft.to.rpartition("@")[2].lower())
        facts = decision.detection.facts
        log.info(
            "%s: rejection (score %g), draft to %s written to %s",
            where,
            decision.detection.score,
            draft.to or "(no recipient)",
            self.box.drafts_folder(),
        )
        return "drafted", f"draft for {facts.company or 'the company'} written"

    def _failed(self, folder: str, uid: int, message_id: str, error: str) -> bool:
        self.report.outcomes.append(Outcome(folder, uid, message_id, "failed", error))
        if self.dry_run:
            log.warning(
                "account %s, folder %s, UID %s, %s: cannot process: %s",
                self.account.name,
                folder,
                uid,
                message_id,
                error,
            )
            return True
        attempts = self.state.record_failure(
            self.account.name, folder, message_id, uid, error, self.now
        )
        final = self.state.is_settled(self.account.name, message_id)
        log.warning(
            "account %s, folder %s, UID %s, %s: cannot process (attempt %d): %s%s",
            self.account.name,
            folder,
            uid,
            message_id,
            attempts,
            error,
            "; set aside" if final else "; will retry",
        )
        return final


def run_account(
    account: Account, engine: Engine, state: State, now: datetime, dry_run: bool = False
) -> PassReport:
    """Connect, catch up on every watched folder, log out."""
    box = open_mailbox(account)
    try:
        runner = Pass(box, account, engine, state, now, dry_run)
        for folder in account.watch:
            runner.folder(folder)
        return runner.report
    finally:
        box.close()
