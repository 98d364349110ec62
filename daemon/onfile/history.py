"""What onfile has seen and done, from the state store: `onfile history` (the rejections) and
`onfile status` (per account counts and the service's last activity)."""

from __future__ import annotations

import json
from collections import Counter

from onfile.report import table
from onfile.state import State
from onfile.watch import state_path


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


def status_lines() -> list[str]:
    """Per account: messages decided, rejections, drafts, failures; then the last activity."""
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
    lines = [
        f"{account}: {c['seen']} messages decided, {c['rejections']} rejections, {c['drafted']} drafts written, "
        f"{c['skipped']} held back, {c['failed'] + c['gave-up']} failed"
        for account, c in sorted(per.items())
    ]
    lines.append(f"last activity: {meta.get('last_activity', 'never')}")
    return lines
