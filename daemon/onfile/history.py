"""What onfile has seen and done, from the state store: `onfile history` (the rejections) and
`onfile status` (the service, and per account its counts, connection and last activity)."""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import UTC, datetime, timedelta

from onfile.report import table
from onfile.state import State
from onfile.watch import SERVICE_META, state_path
from onfile.watcher import ACTIVITY_META, TROUBLE_META

STALE = timedelta(minutes=3)  # the service refreshes its status every minute


def history_lines(as_json: bool) -> list[str]:
    """One line per rejection seen: date, company, role, draft status."""
    path = state_path()
    if not path.exists():
        return [] if as_json else [f"no history yet ({path} does not exist): run `onfile run`"]
    state = State(path)
    try:
        entries = [e for e in state.entries() if e.verdict == "rejection"]
    finally:
        state.close()
    if as_json:
        return [
            json.dumps(
                {
                    "account": e.account,
                    "message_id": e.message_id,
                    "folder": e.folder,
                    "date": e.letter_date,
                    "decided": e.decided,
                    "company": e.company,
                    "role": e.role,
                    "recipient": e.recipient,
                    "score": e.score,
                    "draft": e.status,
                    "reason": e.error,
                },
                ensure_ascii=False,
            )
            for e in entries
        ]
    if not entries:
        return ["no rejections seen yet"]
    rows = [
        [
            (e.letter_date or e.decided)[:10],
            e.account,
            e.company or "-",
            e.role or "-",
            e.status + (f" ({e.error})" if e.error else ""),
        ]
        for e in entries
    ]
    return table(rows, ["date", "account", "company", "role", "draft"]).split("\n")


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process has the pid now
        return False
    return True


def service_line(meta: dict[str, str], now: datetime) -> str:
    """Whether the service runs, and what it last said it was doing."""
    try:
        facts = json.loads(meta[SERVICE_META])
        updated = datetime.fromisoformat(facts["updated"])
    except (KeyError, ValueError, TypeError):
        return "service: never started (start it with `onfile run` or systemd)"
    if facts.get("running") and _alive(facts.get("pid")) and now - updated < STALE:
        return f"service: running (pid {facts['pid']}): {facts['status']}"
    if facts.get("running"):
        return f"service: not running (it stopped without saying so; last seen {facts['updated']})"
    return f"service: not running (stopped {facts['updated']}; it had {facts['status']})"


def status_lines(now: datetime | None = None) -> list[str]:
    """The service, then per account: messages decided, rejections, drafts, failures, the
    connection if it is in trouble, and when it last decided something."""
    path = state_path()
    if not path.exists():
        return [f"nothing yet: no state store at {path}; start the service with `onfile run`"]
    state = State(path)
    try:
        per: dict[str, Counter[str]] = {}
        for entry in state.entries():
            counts = per.setdefault(entry.account, Counter())
            counts["seen"] += 1
            counts[entry.status] += 1
            counts["rejections"] += entry.verdict == "rejection"
        meta = state.meta()
    finally:
        state.close()
    lines = [service_line(meta, now or datetime.now(UTC))]
    accounts = sorted(
        set(per) | {k.removeprefix(TROUBLE_META) for k in meta if k.startswith(TROUBLE_META)}
    )
    for account in accounts:
        c = per.get(account, Counter())
        lines.append(
            f"{account}: {c['seen']} messages decided, {c['rejections']} rejections, "
            f"{c['drafted']} drafts written, {c['skipped']} held back, "
            f"{c['failed'] + c['gave-up']} failed; "
            f"last activity {meta.get(ACTIVITY_META + account, 'never')}"
        )
        trouble = meta.get(TROUBLE_META + account)
        if trouble:
            lines.append(f"{account}: not connected: {trouble}")
    return lines
