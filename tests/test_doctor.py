"""`onfile doctor` against the private Dovecot: one line per check, OK or what to do; exit 1
when any check fails."""

import re
from collections.abc import Iterator

import pytest

from tests.dovecot import Dovecot, UserFactory, start_dovecot
from tests.servicerun import Home

FAIL_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


@pytest.fixture(scope="module")
def no_idle() -> Iterator[Dovecot]:
    with start_dovecot(idle=False) as server:
        yield server


def _lines(home: Home, *args: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    done = home.run("doctor", *args, env=env)
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert all(re.match(r"(OK  |FAIL) \S", line) for line in lines), lines
    return done.returncode, lines


def _has(lines: list[str], pattern: str) -> bool:
    return any(re.search(pattern, line) for line in lines)


def test_all_checks_pass_on_a_good_account(
    dovecot: Dovecot, imap_user: UserFactory, home: Home
) -> None:
    """Config, rules, keyring, state, secret, DNS, TLS, login, capabilities, Drafts: all OK."""
    home.write_config(home.imap_account("work", dovecot, *imap_user(dovecot)))
    code, lines = _lines(home)
    assert code == 0, lines
    for pattern in (
        r"^OK   config: .*config\.toml \(1 accounts\)",
        r"^OK   rules and templates: \d+ rules, templates for .*en",
        r"^OK   keyring: not used",
        r"^OK   state store: .*state\.sqlite is writable",
        r"^OK   account work: secret found \(password_command\)",
        r"^OK   account work: DNS 127\.0\.0\.1 -> 127\.0\.0\.1",
        r"^OK   account work: implicit TLS, TLSv1\.[23], certificate verified",
        r"^OK   account work: login as u\d+",
        r"^OK   account work: IDLE: new mail is pushed at once",
        r"^OK   account work: UIDPLUS: offered",
        r"^OK   account work: SPECIAL-USE: Drafts is found by its \\Drafts flag",
        r"^OK   account work: CONDSTORE: offered",
        r"^OK   account work: drafts folder 'Drafts'",
        r"^OK   account work: watched folders open read-only: INBOX",
    ):
        assert _has(lines, pattern), (pattern, lines)


def test_server_without_idle_is_fine_and_says_it_polls(no_idle: Dovecot, home: Home) -> None:
    """No IDLE is not a failure: the line says onfile polls instead, at the configured pace."""
    account = home.imap_account("old", no_idle, *no_idle.new_user())
    home.write_config(account, service="poll_seconds = 90")
    code, lines = _lines(home)
    assert code == 0, lines
    assert _has(lines, r"^OK   account old: IDLE: onfile polls every 90 s instead"), lines


def test_wrong_password_and_untrusted_certificate_fail_with_what_to_do(
    dovecot: Dovecot, imap_user: UserFactory, home: Home
) -> None:
    """A bad password and a certificate without ca_file: FAIL lines saying what to do, exit 1;
    the other account's checks still run."""
    user, password = imap_user(dovecot)
    wrong = home.imap_account("wrong", dovecot, user, password + "x")
    untrusted = home.imap_account("untrusted", dovecot, user, password).replace(
        f'ca_file = "{dovecot.cafile}"\n', ""
    )
    good = home.imap_account("good", dovecot, user, password)
    home.write_config(wrong, untrusted, good)
    code, lines = _lines(home)
    assert code == 1
    assert _has(lines, r"^FAIL account wrong .*login failed .*check the password"), lines
    assert _has(lines, r"^FAIL account untrusted .*does not verify.*set ca_file"), lines
    assert _has(lines, r"^OK   account good: watched folders"), lines


def test_keyring_backend_is_named_and_judged(
    dovecot: Dovecot, imap_user: UserFactory, home: Home
) -> None:
    """With the secret in a file keyring, doctor names the backend and says it works headless;
    with no usable backend it fails and suggests password_command."""
    user, password = imap_user(dovecot)
    account = home.imap_account("work", dovecot, user, password)
    home.write_config(re.sub(r"password_command = .*\n", "", account))
    stored = home.run("password", "set", "work", stdin=password + "\n")
    assert stored.returncode == 0, stored.stderr
    code, lines = _lines(home)
    assert code == 0, lines
    assert _has(lines, r"^OK   keyring: keyrings\.alt\.file\.PlaintextKeyring; works without"), (
        lines
    )
    assert _has(lines, r"^OK   account work: secret found \(keyring\)"), lines
    code, lines = _lines(home, env=FAIL_KEYRING)
    assert code == 1
    assert _has(lines, r"^FAIL keyring: no usable backend .*set password_command"), lines
    assert _has(lines, r"^FAIL account work: no usable keyring"), lines


def test_account_filter_and_unknown_account(
    dovecot: Dovecot, imap_user: UserFactory, home: Home
) -> None:
    """--account NAME checks that account only; an unknown name is a failure."""
    user, password = imap_user(dovecot)
    home.write_config(
        home.imap_account("one", dovecot, user, password),
        home.imap_account("two", dovecot, user, password + "x"),
    )
    code, lines = _lines(home, "--account", "one")
    assert code == 0, lines
    assert not _has(lines, r"account two"), lines
    code, lines = _lines(home, "--account", "three")
    assert code == 1
    assert _has(lines, r"^FAIL no account named 'three' .*the accounts are one, two"), lines


def test_broken_config_fails_with_file_and_line(home: Home) -> None:
    """A config problem is reported as file:line and nothing else is checked."""
    home.config.write_text('[identity]\nname = "Alex"\nemail = "alex@example.org"\n[bogus]\n')
    code, lines = _lines(home)
    assert code == 1
    assert lines and all(line.startswith("FAIL config: ") for line in lines), lines
    assert _has(lines, r"config\.toml:\d+: "), lines
