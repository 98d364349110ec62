"""Local message sources for `check` and `draft`: an .eml file, an mbox file, a Maildir, or a
folder of .eml files; yields each message's label and bytes, or why it cannot be read."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def read_messages(path: Path) -> Iterator[tuple[str, bytes | str]]:
    """(label, raw bytes) per message under `path`, or (label, error text) for unreadable ones."""
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            box = mailbox.Maildir(path, factory=None, create=False)
            for key in sorted(box.keys()):
                yield f"{path}/{key}", box.get_bytes(key)
            return
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in (".eml", ".msg", ".txt")
        )
        if not files:
            yield str(path), "no .eml files, and not a Maildir (no cur/ and new/)"
        for file in files:
            yield from read_messages(file)
        return
    try:
        if _is_mbox(path):
            mbox = mailbox.mbox(path, create=False)
            try:
                for index, key in enumerate(mbox.keys(), 1):
                    yield f"{path}#{index}", mbox.get_bytes(key)
            finally:
                mbox.close()  # the mbox keeps its file open until closed
            return
        yield str(path), path.read_bytes()
    except FileNotFoundError:
        yield str(path), "no such file"
    except OSError as exc:
        yield str(path), f"cannot read: {exc.strerror or exc}"
