"""`onfile doctor`: checks config, rules, templates, keyring, state store, and per account the
secret, DNS, TLS and login, capabilities and folders; one (ok, line) per check, OK or what to do."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import keyring

from onfile.config import Account, Config, load_config
from onfile.credentials import get_secret
from onfile.errors import ConfigError, OnfileError
from onfile.mailbox import ImapMailbox
from onfile.maildir import MaildirMailbox
from onfile.pipeline import load_engine
from onfile.state import State
from onfile.watch import state_path

WANTED = ("IDLE", "UIDPLUS", "SPECIAL-USE", "CONDSTORE")

Check = tuple[bool, str]


def _keyring_line() -> Check:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if "fail" in name:
        return (
            False,
            f"keyring: no usable backend ({name}); without a desktop session use password_command, or run inside an unlocked Secret Service",
        )
    headless = (
        "works without a desktop session"
        if "alt.file" in name or "SecretService" not in name
        else "needs an unlocked Secret Service (desktop session or gnome-keyring-daemon --unlock)"
    )
    return True, f"keyring: {name} ({headless})"


def _account_checks(account: Account) -> Iterator[Check]:
    label = f"account {account.name}"
    if account.is_maildir:
        try:
            box = MaildirMailbox.connect(account)
            for folder in account.watch:
                box.folder_path(folder)
            yield True, f"{label}: maildir {account.maildir}, watching {', '.join(account.watch)}"
            yield True, f"{label}: drafts folder {box.drafts_folder()!r}"
        except OnfileError as exc:
            yield False, f"{label}: {exc}"
        return
    try:
        get_secret(account)
        source = (
            "oauth2_token_command"
            if account.oauth2_token_command
            else "password_command"
            if account.password_command
            else "keyring"
        )
        yield True, f"{label}: secret found ({source})"
    except OnfileError as exc:
        yield False, f"{label}: {exc}"
        return
    try:
        addresses = {
            a[4][0] for a in socket.getaddrinfo(account.host, account.port, type=socket.SOCK_STREAM)
        }
        yield True, f"{label}: DNS {account.host} -> {', '.join(sorted(addresses))}"
    except socket.gaierror as exc:
        yield False, f"{label}: DNS cannot resolve {account.host} ({exc.strerror}); check host"
        return
    try:
        box = ImapMailbox.connect(account, timeout=15)
    except OnfileError as exc:
        yield False, f"{label}: {exc}"
        return
    try:
        security = {
            "tls": "TLS (verified)",
            "starttls": "STARTTLS (verified)",
            "none": "no TLS (loopback)",
        }[account.security]
        yield True, f"{label}: {security} and login as {account.username}"
        caps = box.capabilities()
        missing = [c for c in WANTED if c not in caps]
        note = (
            f"; missing {', '.join(missing)}"
            + (" (no IDLE: onfile polls instead)" if "IDLE" in missing else "")
            if missing
            else ""
        )
        yield (
            True,
            f"{label}: capabilities {' '.join(c for c in WANTED if c in caps) or 'none of ' + ', '.join(WANTED)}{note}",
        )
        yield True, f"{label}: drafts folder {box.drafts_folder()!r}"
        for folder in account.watch:
            box.examine(folder)
        yield True, f"{label}: watched folders open read-only: {', '.join(account.watch)}"
    except OnfileError as exc:
        yield False, f"{label}: {exc}"
    finally:
        box.close()


def run_checks(path: Path, only: str | None) -> Iterator[Check]:
    """Every check in order; stops early only when the config itself is unusable."""
    try:
        config: Config = load_config(path, require_accounts=True)
        yield True, f"config: {path} ({len(config.accounts)} accounts)"
    except ConfigError as exc:
        for problem in exc.problems:
            yield False, f"config: {problem}"
        return
    try:
        engine = load_engine(config)
        yield (
            True,
            f"rules and templates: {len(engine.rules.rules)} rules, templates for {', '.join(sorted(engine.templates))}",
        )
    except ConfigError as exc:
        for problem in exc.problems:
            yield False, f"rules/templates: {problem}"
    yield _keyring_line()
    try:
        State(state_path()).close()
        yield True, f"state store: {state_path()} is writable"
    except OnfileError as exc:
        yield False, f"state store: {exc}"
    accounts = [a for a in config.accounts if only in (None, a.name)]
    if only and not accounts:
        yield False, f"no account named {only!r} in {path}"
    for account in accounts:
        yield from _account_checks(account)
