"""Factories for the pure-core and local-edge tests: letters as raw bytes, small rule sets, an engine
built from them, and config files. Explicit arguments, no hidden state."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from onfile.config import Config, DraftSettings, Identity
from onfile.pipeline import Engine
from onfile.resources import shipped_dir
from onfile.rules import Rule, RuleSet, compile_rules
from onfile.templates import load_templates

IDENTITY = Identity("Alex Doe", "alex@example.org", aliases=("alex.doe@work.example",))
NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
REJECTION = (
    "Dear Alex,\n\nThank you for applying for the Data Analyst position at Acme.\n"
    "We regret to inform you that we will not move forward with your application.\n\n"
    "Best regards,\nJane Smith\nAcme Recruiting\n"
)
OTHER = "Hi Alex,\n\nYour parcel has been shipped and will arrive on Thursday.\n\nThanks!\n"


def letter(
    body: str = REJECTION,
    *,
    subject: str = "Your application",
    sender: str = "Jane Smith <jane@acme.example>",
    to: str = "Alex Doe <alex@example.org>",
    reply_to: str | None = None,
    message_id: str | None = "<r1@acme.example>",
    date: datetime = NOW,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """A letter as raw RFC 5322 bytes; `html` alone makes an HTML-only mail, both an alternative."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    if reply_to:
        mail["Reply-To"] = reply_to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(date)
    if message_id:
        mail["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        mail[name] = value
    if html is not None and not body:
        mail.set_content(html, subtype="html")
    else:
        mail.set_content(body)
        if html is not None:
            mail.add_alternative(html, subtype="html")
    return mail.as_bytes()


def rule(
    rule_id: str,
    *patterns: str,
    score: float = 5.0,
    field: str = "body",
    regex: bool = False,
    language: str = "*",
) -> Rule:
    """One in-memory rule, as the loader would build it from a file."""
    return Rule(
        id=rule_id,
        description=f"test rule {rule_id}",
        field=field,
        patterns=patterns,
        is_regex=(regex,) * len(patterns),
        score=score,
        language=language,
        source="test",
        line=1,
    )


def sample_rules() -> RuleSet:
    """A small rule set: two strong rejection phrases, one weak, one against."""
    return compile_rules(
        (
            rule("t.regret", "regret to inform", "leider", "au regret", score=4.0),
            rule("t.not-forward", "not move forward", "nicht weiter", score=3.0),
            rule("t.subject", "your application", field="subject", score=1.0),
            rule("t.interview", "invite you to an interview", score=-8.0),
        )
    )


def engine(
    folder: Path,
    *,
    backfill_days: int = 30,
    draft: DraftSettings | None = None,
    rules: RuleSet | None = None,
) -> Engine:
    """An engine with the test rules, the shipped templates and a config living in `folder`."""
    config = Config(
        path=folder / "config.toml",
        identity=IDENTITY,
        backfill_days=backfill_days,
        draft=draft or DraftSettings(),
    )
    return Engine(config, rules or sample_rules(), load_templates([shipped_dir("drafts")]))


def write(path: Path, text: str) -> Path:
    """Write `text` to `path`, creating its folder; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def onfile(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m onfile ARGS` in a clean environment whose HOME and XDG dirs are under `home`
    (as the `xdg_home` fixture lays them out), run from `home`."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    return subprocess.run(
        [sys.executable, "-m", "onfile", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=120,
        check=False,
    )
