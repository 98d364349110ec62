"""A real pass over a local Maildir: drafts land in Drafts/cur flagged "DS", the watched folder is
never changed, and nothing is written twice (not even a draft the user deleted)."""

from __future__ import annotations

import email
import os
import shutil
from pathlib import Path

import pytest

from onfile.config import Account
from onfile.service import PassReport, run_account
from onfile.state import State
from tests.factories import NOW, OTHER, engine, letter

BASE = int(NOW.timestamp())
# (sub-folder, file name, letter): two rejections, one already answered (R flag), one other.
LETTERS = [
    ("new", f"{BASE + 1}.M1P1.host", letter(message_id="<r1@acme.example>")),
    (
        "new",
        f"{BASE + 2}.M2P1.host",
        letter(OTHER, subject="Shipped", message_id="<o1@shop.example>"),
    ),
    (
        "cur",
        f"{BASE + 3}.M3P1.host:2,S",
        letter(sender="Gus <gus@globex.example>", message_id="<r2@globex.example>"),
    ),
    (
        "cur",
        f"{BASE + 4}.M4P1.host:2,RS",
        letter(sender="Ann <ann@initech.example>", message_id="<r3@initech.example>"),
    ),
]


def make_maildir(root: Path, inbox: str, drafts: str) -> Path:
    """A Maildir tree with the LETTERS in `root/inbox` and an empty `root/drafts`; returns inbox."""
    for folder in (inbox, drafts):
        for sub in ("cur", "new", "tmp"):
            (root / folder / sub).mkdir(parents=True, exist_ok=True)
    for index, (sub, name, raw) in enumerate(LETTERS, 1):
        path = root / inbox / sub / name
        path.write_bytes(raw)
        os.utime(path, ns=((BASE + index) * 10**9, (BASE + index) * 10**9))
    return root / inbox


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` (relative name) with its bytes and mtime."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def one_pass(tmp_path: Path, root: Path, dry_run: bool = False) -> PassReport:
    """One service pass over the Maildir account at `root`, with the state in tmp_path."""
    state = State(tmp_path / "state.sqlite")
    try:
        account = Account(name="m", maildir=str(root))
        return run_account(account, engine(tmp_path), state, NOW, dry_run)
    finally:
        state.close()


@pytest.mark.parametrize(
    ("inbox", "drafts"), [("", ".Drafts"), ("INBOX", "Drafts")], ids=["maildir++", "mbsync"]
)
def test_pass_writes_drafts_only(tmp_path: Path, inbox: str, drafts: str) -> None:
    """Rejections get drafts in Drafts/cur with flags DS; the watched folder stays as it was."""
    root = tmp_path / "Mail"
    watched = make_maildir(root, inbox, drafts)
    before = [snapshot(watched / sub) for sub in ("new", "cur", "tmp")]
    report = one_pass(tmp_path, root)
    statuses = {o.message_id: o.status for o in report.outcomes}
    assert statuses == {
        "<r1@acme.example>": "drafted",
        "<o1@shop.example>": "other",
        "<r2@globex.example>": "drafted",
        "<r3@initech.example>": "skipped",
    }
    written = sorted((root / drafts / "cur").iterdir())
    assert [p.name.rsplit(":", 1)[1] for p in written] == ["2,DS", "2,DS"]
    originals = {email.message_from_bytes(p.read_bytes())["X-Onfile-Original"] for p in written}
    assert originals == {"<r1@acme.example>", "<r2@globex.example>"}
    assert not list((root / drafts / "new").iterdir()) and not list(
        (root / drafts / "tmp").iterdir()
    )
    assert [snapshot(watched / sub) for sub in ("new", "cur", "tmp")] == before
    for sub, name, raw in LETTERS:
        path = watched / sub / name
        assert path.read_bytes() == raw
        assert path.stat().st_mtime_ns // 10**9 - BASE in range(1, 5)


def test_second_pass_writes_nothing(tmp_path: Path) -> None:
    """A second pass over the same mail writes no draft and changes no file."""
    root = tmp_path / "Mail"
    make_maildir(root, "", ".Drafts")
    one_pass(tmp_path, root)
    before = snapshot(root)
    report = one_pass(tmp_path, root)
    assert report.outcomes == [] and snapshot(root) == before


def test_deleted_draft_not_recreated(tmp_path: Path) -> None:
    """After the user deletes a draft, even a full rescan of the folder does not write it again."""
    root = tmp_path / "Mail"
    make_maildir(root, "", ".Drafts")
    one_pass(tmp_path, root)
    deleted, kept = sorted((root / ".Drafts" / "cur").iterdir())
    deleted.unlink()
    state = State(tmp_path / "state.sqlite")
    state.set_cursor("m", "INBOX", 1, 0, NOW)  # forget how far the pass got: rescan everything
    state.close()
    report = one_pass(tmp_path, root)
    assert list((root / ".Drafts" / "cur").iterdir()) == [kept]
    assert [o.status for o in report.outcomes] == []


@pytest.mark.parametrize(
    ("where", "seconds"),
    [("new", 9), ("cur", -9)],  # delivered after the pass; copied in with an old mtime (cp -p)
    ids=["delivered", "copied-with-old-mtime"],
)
def test_new_letter_after_a_pass(tmp_path: Path, where: str, seconds: int) -> None:
    """A rejection that arrives after the first pass gets its draft on the next one, alone,
    even when it kept an mtime older than every letter seen (cp -p, rsync -t)."""
    root = tmp_path / "Mail"
    make_maildir(root, "", ".Drafts")
    one_pass(tmp_path, root)
    path = root / where / f"{BASE + seconds}.M9P1.host{':2,S' if where == 'cur' else ''}"
    path.write_bytes(letter(sender="Hal <hal@hooli.example>", message_id="<r4@hooli.example>"))
    os.utime(path, ns=((BASE + seconds) * 10**9, (BASE + seconds) * 10**9))
    report = one_pass(tmp_path, root)
    assert [(o.message_id, o.status) for o in report.outcomes] == [
        ("<r4@hooli.example>", "drafted")
    ]
    assert len(list((root / ".Drafts" / "cur").iterdir())) == 3


def test_letter_read_after_a_pass_is_not_decided_again(tmp_path: Path) -> None:
    """Marking a letter read (a rename from new/ to cur/) brings no second decision."""
    root = tmp_path / "Mail"
    make_maildir(root, "", ".Drafts")
    one_pass(tmp_path, root)
    for path in list((root / "new").iterdir()):
        path.rename(root / "cur" / f"{path.name}:2,S")
    before = snapshot(root / ".Drafts")
    assert one_pass(tmp_path, root).outcomes == [] and snapshot(root / ".Drafts") == before


def test_dry_run_changes_nothing(tmp_path: Path) -> None:
    """A dry run decides like a real pass but writes no draft and creates no Drafts folder."""
    root = tmp_path / "Mail"
    make_maildir(root, "", ".Drafts")
    shutil.rmtree(root / ".Drafts")
    before = snapshot(root)
    report = one_pass(tmp_path, root, dry_run=True)
    assert report.count("would-draft") == 2 and report.count("drafted") == 0
    assert snapshot(root) == before and not (root / ".Drafts").exists()


def test_missing_drafts_folder_is_created(tmp_path: Path) -> None:
    """Without any Drafts folder a real pass creates .Drafts (Maildir++) and writes there."""
    root = tmp_path / "Mail"
    make_maildir(root, "", ".Drafts")
    shutil.rmtree(root / ".Drafts")
    assert one_pass(tmp_path, root).count("drafted") == 2
    assert len(list((root / ".Drafts" / "cur").iterdir())) == 2
