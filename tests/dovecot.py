"""Private, throw-away Dovecot IMAP servers for tests (plain/STARTTLS and implicit TLS, loopback).

Recipes and the traps behind each choice: /work/shared/docs/recipes.md, sections 1 and 2.
"""

from __future__ import annotations

import contextlib
import grp
import itertools
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import NamedTuple, Self

import imapclient  # type: ignore[import-untyped]  # ships no type information

__all__ = ["VARIANTS", "Dovecot", "UserFactory", "Variant", "start_dovecot"]

#: Set to keep the instance directory (config, log, mail) after close(), for debugging.
KEEP_ENV = "ONFILE_KEEP_DOVECOT"

_MISSING = (
    "dovecot not found: install it with `apt-get install -y dovecot-imapd` "
    "(make test does this when run as root)"
)
# /usr/sbin is often not on a non-root PATH.
_SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/bin", "/sbin"])
_NOBODY = 65534  # nobody:nogroup; Dovecot hard-refuses mail access as root
_READY_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0

# Dovecot 2.3.19's post-login CAPABILITY minus IDLE. `imap_capability` with an explicit list (no
# leading "+") replaces the list, before and after login; Dovecot still adds STARTTLS and AUTH=...
# before login. Only the advertisement changes: the IDLE command itself keeps working.
_CAPABILITIES_WITHOUT_IDLE = (
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES "
    "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN "
    "NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES "
    "WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW "
    "STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE"
)


class Variant(NamedTuple):
    """Namespace layout of one server flavour."""

    separator: str
    prefix: str
    # (name relative to the prefix, special-use flag). Names inside a namespace block are
    # relative to its prefix: "INBOX.Drafts" with prefix "INBOX." would give INBOX.INBOX.Drafts.
    mailboxes: list[tuple[str, str]]
    drafts: str  # the Drafts folder as the client sees it


VARIANTS: dict[str, Variant] = {
    "default": Variant(
        "/",
        "",
        [("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Trash", "\\Trash"), ("Junk", "\\Junk")],
        "Drafts",
    ),
    # Unlike real Gmail, the parent "[Gmail]" is not listed (no \Noselect entry).
    "gmail": Variant(
        "/",
        "",
        [
            ("[Gmail]/Drafts", "\\Drafts"),
            ("[Gmail]/Sent Mail", "\\Sent"),
            ("[Gmail]/Trash", "\\Trash"),
            ("[Gmail]/Spam", "\\Junk"),
            ("[Gmail]/All Mail", "\\All"),
        ],
        "[Gmail]/Drafts",
    ),
    "dot": Variant(
        ".",
        "INBOX.",
        [("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Trash", "\\Trash"), ("Junk", "\\Junk")],
        "INBOX.Drafts",
    ),
}


def _free_ports(count: int) -> list[int]:
    """Ports the kernel considers free right now (racy in theory, hence the start retries)."""
    socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in socks:  # all bound at once, so the ports are distinct
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _group_alive(pgid: int) -> bool:
    """True while any non-zombie process is in the process group (zombies wait for PID 1)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces/parens; the fields after the last ")" are fixed.
        fields = stat[stat.rfind(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} unreadable)"


class Dovecot:
    """One private Dovecot instance: its own directory, config, ports, users and mail."""

    host = "127.0.0.1"

    def __init__(self, variant: str = "default", *, idle: bool = True) -> None:
        """Prepare the directory, certificate and ports-to-be; start() runs the server."""
        if variant not in VARIANTS:
            raise ValueError(f"unknown variant {variant!r}, expected one of {sorted(VARIANTS)}")
        binary = shutil.which("dovecot", path=_SEARCH_PATH)
        doveadm = shutil.which("doveadm", path=_SEARCH_PATH)
        if binary is None or doveadm is None:
            raise RuntimeError(_MISSING)
        self.binary, self.doveadm_binary = binary, doveadm
        self.variant = variant
        self.idle = idle
        self.port = 0  # plain + STARTTLS
        self.tls_port = 0  # implicit TLS
        # Not under pytest's tmp_path: as root, /tmp/pytest-of-root is 0700 and Dovecot's auth
        # process (user "dovecot") must traverse every parent to read the passwd-file.
        self.root = Path(tempfile.mkdtemp(prefix="dovecot-test-", dir="/tmp"))
        self.root.chmod(0o711)  # traversable, not listable
        self.conf = self.root / "dovecot.conf"
        self.users_dir = self.root / "users"  # one passwd-file per user, see add_user()
        self.log = self.root / "dovecot.log"
        self.cafile = self.root / "tls" / "cert.pem"
        self._proc: subprocess.Popen[bytes] | None = None
        # Readiness waits for this exact greeting, so a foreign listener on our port (Dovecot
        # retries a busy port for ~5 s before "Fatal: Failed to start listeners") never passes.
        self._greeting = f"onfile-test-{secrets.token_hex(6)} ready."
        self._counter = itertools.count(1)
        self._as_root = os.geteuid() == 0
        # As root, mail is accessed as nobody: Dovecot refuses root ("Mail access not allowed
        # for root") and passwd-file refuses uid 0 even with first_valid_uid = 0.
        self.mail_uid = _NOBODY if self._as_root else os.getuid()
        self.mail_gid = _NOBODY if self._as_root else os.getgid()
        for sub in ("run", "state", "mail", "home", "tls", "users"):
            (self.root / sub).mkdir()
        for sub in ("mail", "home"):  # Dovecot creates mail/<user>, home/<user> as mail_uid
            os.chown(self.root / sub, self.mail_uid, self.mail_gid)
        self._make_cert()

    # -- lifecycle -----------------------------------------------------------------------

    def start(self, attempts: int = 3) -> None:
        """Start on fresh ports (or on the current ones after restart()), retrying on failure."""
        if self._proc is not None:
            raise RuntimeError("this Dovecot instance is already running")
        keep_ports = self.port != 0
        error: RuntimeError | None = None
        for attempt in range(attempts):
            if not keep_ports:
                self.port, self.tls_port = _free_ports(2)
            self._write_conf()
            try:
                self._spawn_and_wait()
                return
            except RuntimeError as exc:
                error = exc
                self.stop()
                time.sleep(0.05 * (attempt + 1))
        assert error is not None
        raise error

    def stop(self) -> None:
        """Stop the whole process group; logged-in sessions die with it (BYE, then EOF)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        pgid = proc.pid  # start_new_session=True: the master leads its own group
        # Signal the group, not just the master: orphaned imap processes of a killed master
        # keep serving their clients.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=_STOP_TIMEOUT)
        deadline = time.monotonic() + _STOP_TIMEOUT
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.005)
        if proc.poll() is None or _group_alive(pgid):  # last resort
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            proc.wait()

    def restart(self) -> None:
        """Stop and start again on the same ports with the same data (UIDVALIDITY survives)."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop and delete the instance directory (kept if $ONFILE_KEEP_DOVECOT is set)."""
        self.stop()
        if not os.environ.get(KEEP_ENV):
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- users and mail ------------------------------------------------------------------

    def add_user(self, name: str, password: str) -> None:
        """Add a login, usable at once without a restart.

        Each user gets its own passwd-file (users/<name>): Dovecot 2.3 stats a passwd-file at
        most once per second, so a line appended to a shared file within the second of the
        previous login is invisible ("Authentication failed"); a new file is read on first use.
        Re-adding a name changes the password only after up to a second, for the same reason.
        """
        if not name or name.startswith(".") or any(c in name for c in ":/\n\r%"):
            raise ValueError(f"not usable as a user name here: {name!r}")
        if not password or any(c in password for c in ":\n\r"):
            raise ValueError(f"not usable in a passwd-file: {password!r}")
        path = self.users_dir / name
        tmp = path.with_name(f".{name}.tmp")
        # uid/gid left empty on purpose: mail_uid/mail_gid apply (see trap 2 in recipes.md).
        # 0644: the auth process runs as user "dovecot" when we are root.
        tmp.write_text(f"{name}:{{PLAIN}}{password}:::::\n")
        tmp.chmod(0o644)
        tmp.rename(path)  # atomic: auth never reads a half-written file

    def new_user(self, prefix: str = "u") -> tuple[str, str]:
        """Add a user with a unique name and a random password; returns (name, password)."""
        name = f"{prefix}{next(self._counter)}"
        password = secrets.token_urlsafe(12)
        self.add_user(name, password)
        return name, password

    def client(self, user: str, password: str) -> imapclient.IMAPClient:
        """A logged-in client over plain IMAP; use `with server.client(u, p) as c:`.

        Log out before the server stops: with a session open, stopping takes 1-3 s.
        """
        c = imapclient.IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        try:
            c.login(user, password)
        except BaseException:
            c.shutdown()
            raise
        return c

    @property
    def drafts_folder(self) -> str:
        """The Drafts folder's name as the client sees it in this variant."""
        return VARIANTS[self.variant].drafts

    def maildir(self, user: str) -> Path:
        """The user's Maildir++ root (= INBOX; folder X lives in .X with "." as separator).

        It exists only after the user's first login or deliver(). As root, anything written
        here must belong to mail_uid/mail_gid (see deliver()).
        """
        return self.root / "mail" / user

    def deliver(self, user: str, raw: bytes, folder: str = "INBOX", *, flags: str = "") -> Path:
        """Drop a message file straight into the Maildir (no IMAP); returns its path.

        Without flags it lands in new/ via tmp/ + rename(), which also wakes IDLE clients
        (after Dovecot's fixed 500 ms notify delay). With flags (Maildir letters, e.g. "S" for
        \\Seen, "D" for \\Draft) it lands in cur/.
        """
        layout = VARIANTS[self.variant]
        base = self.maildir(user)
        folder_dir = base
        if folder.upper() != "INBOX":
            folder = folder.removeprefix(layout.prefix)  # the prefix never reaches the disk
            # Maildir++ stores the hierarchy with "." on disk whatever the IMAP separator is.
            folder_dir = base / ("." + folder.replace(layout.separator, "."))
        for d in (base, folder_dir, folder_dir / "tmp", folder_dir / "new", folder_dir / "cur"):
            d.mkdir(exist_ok=True)
            os.chown(d, self.mail_uid, self.mail_gid)
        unique = f"{time.time_ns()}.P{os.getpid()}Q{next(self._counter)}.{socket.gethostname()}"
        tmp = folder_dir / "tmp" / unique
        tmp.write_bytes(raw)
        tmp.chmod(0o644)
        os.chown(tmp, self.mail_uid, self.mail_gid)
        if flags:
            final = folder_dir / "cur" / f"{unique}:2,{''.join(sorted(flags))}"
        else:
            final = folder_dir / "new" / unique
        tmp.rename(final)  # atomic: Dovecot never sees a half-written message
        return final

    # -- doveadm -------------------------------------------------------------------------

    def doveadm(self, *args: str) -> str:
        """Run `doveadm -c <conf> ARGS` (never the system config) and return its stdout."""
        result = subprocess.run(
            [self.doveadm_binary, "-c", str(self.conf), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"doveadm {' '.join(args)} failed (rc {result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        return result.stdout

    def kick(self, user: str) -> None:
        """Drop the user's sessions (they get BYE, then EOF) while the server keeps running."""
        self.doveadm("kick", user)

    def uidvalidity(self, user: str, folder: str) -> int:
        """The folder's current UIDVALIDITY."""
        out = self.doveadm("-f", "tab", "mailbox", "status", "-u", user, "uidvalidity", folder)
        # "-f tab" always prepends a "mailbox" column: "mailbox\tuidvalidity\nINBOX\t1795702236".
        return int(out.splitlines()[-1].rsplit("\t", 1)[-1])

    def set_uidvalidity(self, user: str, folder: str, value: int | None = None) -> int:
        """Change the folder's UIDVALIDITY (default: current + 1), keeping its messages.

        Uses `doveadm mailbox update --uid-validity` (Dovecot 2.3). Returns the new value.
        """
        new = self.uidvalidity(user, folder) + 1 if value is None else value
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(new), folder)
        return new

    # -- internals -----------------------------------------------------------------------

    def _make_cert(self) -> None:
        openssl = shutil.which("openssl", path=_SEARCH_PATH)
        if openssl is None:
            raise RuntimeError("openssl not found: install it with `apt-get install -y openssl`")
        key = self.root / "tls" / "key.pem"
        # EC P-256: ~10x faster to generate than RSA-2048. The SAN carries the IP, so
        # create_default_context(cafile=...) verifies a connection to 127.0.0.1.
        args = (
            "req -x509 -nodes -days 2 -subj /CN=localhost"
            " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1"
            " -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
        ).split()
        subprocess.run(
            [openssl, *args, "-keyout", str(key), "-out", str(self.cafile)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        key.chmod(0o600)  # read by the master (root, or ourselves)

    def _write_conf(self) -> None:
        layout = VARIANTS[self.variant]
        r = self.root
        # auto = subscribe: listed (with the flag) at once, created on disk on first use.
        boxes = "".join(
            f'  mailbox "{name}" {{\n    special_use = {flag}\n    auto = subscribe\n  }}\n'
            for name, flag in layout.mailboxes
        )
        non_root = chroot = ""
        if not self._as_root:
            # Without these an unprivileged master dies with "fchown() failed for
            # .../run/login: Operation not permitted" (rc 89) and cannot chroot.
            me = pwd.getpwuid(os.getuid()).pw_name
            group = grp.getgrgid(os.getgid()).gr_name
            non_root = (
                f"default_login_user = {me}\n"
                f"default_internal_user = {me}\n"
                f"default_internal_group = {group}\n"
            )
            chroot = "  chroot =\n"
        capability = "" if self.idle else f"imap_capability = {_CAPABILITIES_WITHOUT_IDLE}\n"
        self.conf.write_text(
            f"""\
instance_name = dovecot-test-{os.getpid()}-{self.port}
base_dir = {r}/run
state_dir = {r}/state
log_path = {self.log}
protocols = imap
listen = {self.host}
# Loopback counts as secured anyway; explicit so LOGIN never depends on that rule.
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:{r}/mail/%u
mail_uid = {self.mail_uid}
mail_gid = {self.mail_gid}
mail_home = {r}/home/%u
mail_fsync = never
login_greeting = {self._greeting}
{capability}{non_root}# A failed login otherwise takes 2 s, then 4, 8... s more per IP (anvil's auth penalty).
# 0.5 s remains: Dovecot flushes delayed failures on a fixed 500 ms timer.
auth_failure_delay = 0
service anvil {{
{chroot}  # auth connects to this socket lazily and silently skips the penalty on ENOENT.
  unix_listener anvil-auth-penalty {{
    path = anvil-auth-penalty-disabled
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.users_dir}/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.users_dir}/%u
}}
namespace inbox {{
  inbox = yes
  separator = {layout.separator}
  prefix = {layout.prefix}
{boxes}}}
ssl = yes
ssl_cert = <{self.cafile}
ssl_key = <{r}/tls/key.pem
ssl_min_protocol = TLSv1.2
service imap-login {{
{chroot}  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    address = {self.host}
    port = {self.tls_port}
    ssl = yes
  }}
}}
"""
        )

    def _spawn_and_wait(self) -> None:
        stderr = self.root / "dovecot.stderr"  # config errors appear here, not in the log
        with stderr.open("ab") as err:
            # -F: foreground, so the master is our child. New session: the master and all its
            # children form one process group (id = master pid) that stop() can signal.
            self._proc = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.conf)],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                start_new_session=True,
            )
        deadline = time.monotonic() + _READY_TIMEOUT
        pending = [(self.port, False), (self.tls_port, True)]
        while pending:
            if self._proc.poll() is not None:
                problem = f"dovecot exited with rc {self._proc.returncode}"
                break
            if time.monotonic() > deadline:
                problem = f"dovecot not ready after {_READY_TIMEOUT:.0f} s"
                break
            if self._greets(*pending[0]):
                pending.pop(0)
            else:
                time.sleep(0.005)
        else:
            return
        raise RuntimeError(
            f"{problem} (ports {self.port}/{self.tls_port}, dir {self.root})\n"
            f"--- {stderr.name} ---\n{_tail(stderr)}\n--- {self.log.name} ---\n{_tail(self.log)}"
        )

    def _greets(self, port: int, tls: bool) -> bool:
        """True if our greeting arrives on the port (it is sent once auth is up)."""
        try:
            with contextlib.ExitStack() as stack:
                sock = stack.enter_context(socket.create_connection((self.host, port), timeout=1))
                if tls:
                    ctx = ssl.create_default_context(cafile=self.cafile)
                    sock = stack.enter_context(ctx.wrap_socket(sock, server_hostname=self.host))
                line = stack.enter_context(sock.makefile("rb")).readline(4096)
                return self._greeting.encode() in line
        except OSError:  # refused, timed out, TLS failure
            return False


def start_dovecot(variant: str = "default", *, idle: bool = True) -> Dovecot:
    """Create and start a private instance; the caller must close() it (or use `with`)."""
    server = Dovecot(variant, idle=idle)
    try:
        server.start()
    except BaseException:
        server.close()
        raise
    return server


#: Type of the `imap_user` fixture: creates a fresh user on the given server.
UserFactory = Callable[[Dovecot], tuple[str, str]]
