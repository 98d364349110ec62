"""The embedded default: a sample Maildir built from the letters onfile ships (rejections and
look-alikes), a config pointing at it, and one real pass of the pipeline over it."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from onfile.config import Config, load_config
from onfile.message import parse_message
from onfile.pipeline import load_engine
from onfile.resources import shipped_dir
from onfile.service import PassReport, run_account
from onfile.state import State

DEMO_CONFIG = """\
# Written by `onfile demo`: a Maildir account over the shipped sample letters.
[identity]
name = "Alex Doe"
email = "alex@example.org"

[service]
backfill_days = 0      # the sample letters are not recent; consider them all

[[account]]
name = "demo"
maildir = "{maildir}"
"""


@dataclass(frozen=True)
class DemoRun:
    """What the demo built and what the pass did."""

    folder: Path
    config: Config
    report: PassReport
    letters: dict[str, str]
    drafts: Path


def build(folder: Path) -> Path:
    """Create `folder`/Mail (Maildir++) holding the sample letters in new/, and a config."""
    maildir = folder / "Mail"
    if maildir.exists():
        shutil.rmtree(maildir)
    for sub in ("cur", "new", "tmp", ".Drafts/cur", ".Drafts/new", ".Drafts/tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for index, letter in enumerate(sorted(shipped_dir("demo_letters").glob("*.eml"))):
        target = maildir / "new" / f"{1764000000 + index}.demo{index:02d}.onfile"
        shutil.copyfile(letter, target)
        stamp = (1764000000 + index) * 10**9
        os.utime(target, ns=(stamp, stamp))
    config = folder / "config.toml"
    config.write_text(DEMO_CONFIG.format(maildir=str(maildir).replace("\\", "/")), encoding="utf-8")
    return config


def run(folder: Path | None, now: datetime) -> DemoRun:
    """Build the demo mailbox (in a new temp folder unless given) and run one pass over it."""
    folder = folder or Path(tempfile.mkdtemp(prefix="onfile-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "state.sqlite").unlink(missing_ok=True)
    config = load_config(build(folder), require_accounts=True)
    engine = load_engine(config)
    letters = {}
    for letter in sorted(shipped_dir("demo_letters").glob("*.eml")):
        letters[parse_message(letter.read_bytes()).message_id] = letter.name
    state = State(folder / "state.sqlite")
    try:
        report = run_account(config.accounts[0], engine, state, now)
    finally:
        state.close()
    return DemoRun(folder, config, report, letters, folder / "Mail" / ".Drafts" / "cur")
