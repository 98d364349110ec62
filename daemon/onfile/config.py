"""config.toml to a frozen Config: identity, detection and drafting settings, accounts. Every
problem is reported at once as `file:line: what is wrong, how to fix` (ConfigError, exit 78)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onfile.errors import ConfigError, Problem
from onfile.tomlfile import TomlFile, read_toml

SECURITY = ("tls", "starttls", "none")
TONES = ("warm", "brief")
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


@dataclass(frozen=True)
class Identity:
    """Who the drafts are from."""

    name: str
    email: str
    signature: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def addresses(self) -> tuple[str, ...]:
        return (self.email.lower(), *(a.lower() for a in self.aliases))


@dataclass(frozen=True)
class DraftSettings:
    """How drafts are written and when they are held back."""

    tone: str = "warm"
    offer_internship: bool = False
    offer_contract: bool = False
    offer_other_roles: bool = False
    network_url: str = ""
    portfolio_url: str = ""
    quote_original: bool = False
    rate_limit_days: int = 3


@dataclass(frozen=True)
class Account:
    """One mailbox to watch: IMAP (host set) or a local Maildir (maildir set)."""

    name: str
    host: str = ""
    port: int = 993
    security: str = "tls"
    ca_file: str = ""
    username: str = ""
    password_command: str = ""
    oauth2_token_command: str = ""
    watch: tuple[str, ...] = ("INBOX",)
    drafts: str = "auto"
    maildir: str = ""

    @property
    def is_maildir(self) -> bool:
        return bool(self.maildir)


@dataclass(frozen=True)
class Config:
    """Everything config.toml says, validated."""

    path: Path
    identity: Identity
    accounts: tuple[Account, ...] = ()
    threshold: float = 5.0
    backfill_days: int = 30
    poll_seconds: int = 60
    idle_renew_seconds: int = 540
    draft: DraftSettings = field(default_factory=DraftSettings)

    @property
    def folder(self) -> Path:
        """The folder holding config.toml and the user's rules/ and drafts/."""
        return self.path.parent


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: the only hosts `security = "none"` may use."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Reader:
    """Typed access to one table, collecting problems with line numbers instead of raising."""

    def __init__(
        self,
        doc: TomlFile,
        table: dict[str, Any],
        where: str,
        start: int = 1,
        end: int | None = None,
    ) -> None:
        self.doc, self.table, self.where, self.start, self.end = doc, table, where, start, end
        self.problems: list[Problem] = []

    def line(self, key: str) -> int | None:
        return self.doc.key_line(key, self.start, self.end) or (
            self.start if self.start > 1 else None
        )

    def fail(self, key: str, message: str) -> None:
        self.problems.append(self.doc.problem(self.line(key), f"{self.where}{key}: {message}"))

    def get(self, key: str, kind: type, default: Any, hint: str) -> Any:
        value = self.table.get(key, default)
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            self.fail(key, f"must be {hint}, not {value!r}")
            return default
        return value

    def unknown(self, allowed: set[str]) -> None:
        for key in sorted(set(self.table) - allowed):
            if key == "password":
                self.fail(
                    key,
                    'passwords do not belong in a config file; store it with `onfile password set ACCOUNT` (system keyring) or set password_command = "pass show mail/ACCOUNT"',
                )
            else:
                self.fail(key, f"unknown key; expected one of {', '.join(sorted(allowed))}")


def _identity(doc: TomlFile, data: dict[str, Any], problems: list[Problem]) -> Identity:
    table = data.get("identity")
    if not isinstance(table, dict):
        problems.append(
            doc.problem(
                None,
                'missing [identity] table; add [identity] with name = "Your Name" and email = "you@example.org"',
            )
        )
        return Identity("", "")
    start = doc.text_line("[identity]") or 1
    r = _Reader(doc, table, "identity.", start, None)
    r.unknown({"name", "email", "signature", "aliases"})
    name = r.get("name", str, "", "your name as a string")
    email = r.get("email", str, "", "your email address as a string")
    if not name.strip():
        r.fail("name", 'set name = "Your Name"; it signs every draft')
    if "@" not in email:
        r.fail("email", 'set email = "you@example.org"; drafts are from this address')
    aliases = r.get("aliases", list, [], "a list of your other addresses")
    problems.extend(r.problems)
    return Identity(
        name.strip(),
        email.strip(),
        r.get("signature", str, "", "a string").strip("\n"),
        tuple(str(a) for a in aliases),
    )


def _account(
    doc: TomlFile, raw: Any, index: int, starts: list[int], problems: list[Problem]
) -> Account | None:
    start = starts[index] if index < len(starts) else 1
    end = starts[index + 1] if index + 1 < len(starts) else None
    if not isinstance(raw, dict):
        problems.append(doc.problem(start, "[[account]] must be a table"))
        return None
    name = raw.get("name")
    r = _Reader(doc, raw, f"account {name or index + 1}: ", start, end)
    allowed = {
        "name",
        "host",
        "port",
        "security",
        "ca_file",
        "username",
        "password_command",
        "oauth2_token_command",
        "watch",
        "drafts",
        "maildir",
    }
    r.unknown(allowed)
    if not isinstance(name, str) or not name.strip():
        r.fail(
            "name",
            'every account needs name = "personal" (used for the keyring entry and --account)',
        )
        name = f"account{index + 1}"
    maildir = r.get("maildir", str, "", "a folder path")
    host = r.get("host", str, "", "a host name")
    if bool(maildir) == bool(host):
        r.fail(
            "host",
            'set either host = "imap.example.org" (IMAP) or maildir = "~/Mail/x" (local Maildir), not both or neither',
        )
    security = r.get("security", str, "tls", "tls, starttls or none")
    if security not in SECURITY:
        r.fail("security", 'must be "tls", "starttls" or "none"')
    elif security == "none" and host and not is_loopback(host):
        r.fail(
            "security",
            f'"none" sends your password in clear text; it is only allowed for loopback hosts, not {host!r}; use "tls" or "starttls"',
        )
    port = r.get("port", int, 993 if security == "tls" else 143, "a port number")
    if not 0 < port < 65536:
        r.fail("port", "must be between 1 and 65535")
    watch = r.get("watch", list, ["INBOX"], "a list of folder names")
    if not watch or not all(isinstance(w, str) and w for w in watch):
        r.fail("watch", 'must be a non-empty list of folder names, e.g. ["INBOX"]')
        watch = ["INBOX"]
    password_command = r.get("password_command", str, "", "a shell command")
    oauth = r.get("oauth2_token_command", str, "", "a shell command")
    if password_command and oauth:
        r.fail("oauth2_token_command", "set password_command or oauth2_token_command, not both")
    ca_file = r.get("ca_file", str, "", "a file path")
    if ca_file and not Path(ca_file).expanduser().is_file():
        r.fail("ca_file", f"{ca_file} is not a file; point it at your CA certificate in PEM format")
    if host and not r.get("username", str, "", "a string"):
        r.fail("username", 'set username = "you@example.org" (your IMAP login)')
    problems.extend(r.problems)
    return Account(
        name=name.strip(),
        host=host,
        port=port,
        security=security,
        ca_file=str(Path(ca_file).expanduser()) if ca_file else "",
        username=r.get("username", str, "", "a string"),
        password_command=password_command,
        oauth2_token_command=oauth,
        watch=tuple(watch),
        drafts=r.get("drafts", str, "auto", '"auto" or a folder name') or "auto",
        maildir=str(Path(maildir).expanduser()) if maildir else "",
    )


def _draft(doc: TomlFile, data: dict[str, Any], problems: list[Problem]) -> DraftSettings:
    table = data.get("draft", {})
    r = _Reader(
        doc, table if isinstance(table, dict) else {}, "draft.", doc.text_line("[draft]") or 1
    )
    defaults = DraftSettings()
    r.unknown(set(DraftSettings.__dataclass_fields__))
    tone = r.get("tone", str, defaults.tone, '"warm" or "brief"')
    if tone not in TONES:
        r.fail("tone", 'must be "warm" or "brief"')
        tone = defaults.tone
    values: dict[str, Any] = {"tone": tone}
    for key in ("offer_internship", "offer_contract", "offer_other_roles", "quote_original"):
        values[key] = r.get(key, bool, False, "true or false")
    for key in ("network_url", "portfolio_url"):
        values[key] = r.get(key, str, "", "a URL string")
    values["rate_limit_days"] = r.get(
        "rate_limit_days", int, defaults.rate_limit_days, "a whole number of days (0 = off)"
    )
    problems.extend(r.problems)
    return DraftSettings(**values)


def load_config(path: Path, *, require_accounts: bool = False) -> Config:
    """Read and validate config.toml; raises ConfigError with every problem found."""
    if not path.is_file():
        raise ConfigError(
            [
                Problem(
                    str(path),
                    None,
                    "no config file; create it (see README, Configuration) or pass --config FILE",
                )
            ]
        )
    doc = read_toml(path)
    if isinstance(doc, Problem):
        raise ConfigError([doc])
    data = doc.data
    problems: list[Problem] = []
    for key in sorted(set(data) - {"identity", "account", "detect", "draft", "service"}):
        if key == "password":
            problems.append(
                doc.problem(
                    doc.key_line(key),
                    "passwords do not belong in a config file; use `onfile password set ACCOUNT` or password_command",
                )
            )
        else:
            problems.append(
                doc.problem(
                    doc.key_line(key) or doc.text_line(f"[{key}]"),
                    f"unknown table {key!r}; expected [identity], [[account]], [detect], [draft] or [service]",
                )
            )
    identity = _identity(doc, data, problems)
    raw_accounts = data.get("account", [])
    if not isinstance(raw_accounts, list):
        problems.append(
            doc.problem(doc.key_line("account"), "accounts are written as [[account]] tables")
        )
        raw_accounts = []
    starts = doc.table_lines("account")
    accounts = [
        a for i, raw in enumerate(raw_accounts) if (a := _account(doc, raw, i, starts, problems))
    ]
    names = [a.name for a in accounts]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            doc.problem(
                doc.text_line(f'"{dup}"'),
                f"account name {dup!r} is used twice; names must be unique",
            )
        )
    if require_accounts and not accounts:
        problems.append(
            doc.problem(None, "no [[account]] configured; add one (see README, Configuration)")
        )
    detect_table = data.get("detect", {})
    dr = _Reader(
        doc,
        detect_table if isinstance(detect_table, dict) else {},
        "detect.",
        doc.text_line("[detect]") or 1,
    )
    dr.unknown({"threshold"})
    threshold = dr.get("threshold", float, 5.0, "a number")
    service = data.get("service", {})
    sr = _Reader(
        doc,
        service if isinstance(service, dict) else {},
        "service.",
        doc.text_line("[service]") or 1,
    )
    sr.unknown({"backfill_days", "poll_seconds", "idle_renew_seconds"})
    backfill = sr.get("backfill_days", int, 30, "a whole number of days")
    poll = sr.get("poll_seconds", int, 60, "a whole number of seconds")
    if poll < 1:
        sr.fail("poll_seconds", "must be at least 1")
    renew = sr.get("idle_renew_seconds", int, 540, "a whole number of seconds")
    if not 1 <= renew <= 600:
        # Servers and NAT boxes drop silent connections long before RFC 2177's 29 minutes.
        sr.fail(
            "idle_renew_seconds",
            "must be between 1 and 600 (IDLE is re-issued at most every 10 minutes)",
        )
    if backfill < 0:
        sr.fail("backfill_days", "must be 0 or more")
    problems.extend(dr.problems + sr.problems)
    draft = _draft(doc, data, problems)
    if problems:
        raise ConfigError(problems)
    return Config(
        path=path,
        identity=identity,
        accounts=tuple(accounts),
        threshold=threshold,
        backfill_days=backfill,
        poll_seconds=poll,
        idle_renew_seconds=renew,
        draft=draft,
    )
