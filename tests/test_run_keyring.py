"""`onfile password set` stores the secret in the keyring and `run --once` logs in with it."""

from pathlib import Path

from tests.dovecot import Dovecot, UserFactory
from tests.factories import onfile
from tests.imap_run import letter, make_box, message_id, originals


def test_password_from_keyring(dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path) -> None:
    """A password read from stdin lands in the tmp keyring file and the pass logs in with it."""
    box = make_box(dovecot, imap_user(dovecot), xdg_home)
    text = box.config.read_text()
    box.config.write_text(text.replace(f'password_command = "printf %s {box.password}"\n', ""))
    assert box.password not in box.config.read_text()
    box.deliver(letter("r01"))
    config = ("--config", str(box.config))
    stored = onfile(xdg_home, "password", "set", "work", *config, stdin=box.password + "\n")
    assert stored.returncode == 0, stored.stderr
    assert "stored the password for work" in stored.stdout
    assert box.password not in stored.stdout + stored.stderr
    assert (xdg_home / "xdg_data_home" / "python_keyring" / "keyring_pass.cfg").is_file()
    done = onfile(xdg_home, "run", "--once", *config)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert box.password not in done.stdout + done.stderr
    assert originals(box.drafts()) == [message_id(letter("r01"))]
