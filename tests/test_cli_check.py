"""`onfile check`: --explain shows score against threshold and every rule that fired; sources are
.eml files, mbox files and Maildir folders; no-reply letters give reply_to null."""

from __future__ import annotations

import json
import mailbox
from pathlib import Path

import pytest

from onfile.cli import main
from onfile.detect import detect
from onfile.message import parse_message
from onfile.resources import shipped_dir
from onfile.rules import load_rules
from tests.factories import OTHER, letter

LETTER = sorted(shipped_dir("demo_letters").glob("r01-*.eml"))[0]


def test_explain_shows_score_threshold_and_rules(
    xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--explain prints the verdict, score vs threshold, and each rule with score, text and file."""
    detection = detect(load_rules([shipped_dir("rules")]), parse_message(LETTER.read_bytes()))
    assert detection.hits
    assert main(["check", "--explain", str(LETTER)]) == 0
    out = capsys.readouterr().out
    verdict = "REJECTION" if detection.is_rejection else "other"
    relation = ">=" if detection.is_rejection else "<"
    assert f"verdict:  {verdict}  (score {detection.score:g} {relation} threshold 5," in out
    for hit in detection.hits:
        assert f"{hit.rule.score:+6.1f}  {hit.rule.id}" in out
        assert f'{hit.field}: "{hit.excerpt}"' in out
        assert f"[{hit.rule.source}:{hit.rule.line}]" in out


def test_explain_without_hits(xdg_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A letter no rule fires on says so, with its score below the threshold."""
    path = xdg_home / "other.eml"
    path.write_bytes(letter("Lunch on Friday at noon?", subject="Lunch", sender="b@pals.example"))
    assert main(["check", "--explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "verdict:  other  (score 0 < threshold 5, language en)" in out
    assert "rules that fired: none" in out


def test_no_reply_letter_has_null_reply_to(
    xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the only address is a no-reply one, reply_to is null."""
    path = xdg_home / "noreply.eml"
    path.write_bytes(letter(sender="Acme Careers <no-reply@acme-corp.example>"))
    assert main(["check", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["reply_to"] is None


def test_mbox_and_maildir_sources(xdg_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An mbox gives path#N per message and a Maildir path/key, one JSON line each, in order."""
    box = mailbox.mbox(xdg_home / "letters.mbox")
    for index in (1, 2):
        box.add(letter(OTHER, message_id=f"<m{index}@shop.example>"))
    box.close()
    maildir = mailbox.Maildir(xdg_home / "Mail")
    key = maildir.add(letter(message_id="<md@acme.example>"))
    assert main(["check", "--json", str(xdg_home / "letters.mbox"), str(xdg_home / "Mail")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["path"], o["message_id"]) for o in lines] == [
        (f"{xdg_home / 'letters.mbox'}#1", "<m1@shop.example>"),
        (f"{xdg_home / 'letters.mbox'}#2", "<m2@shop.example>"),
        (f"{xdg_home / 'Mail'}/{key}", "<md@acme.example>"),
    ]


def test_plain_output_and_unreadable_file(
    xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --json: one line per message; an unreadable one is one line on stderr."""
    good = xdg_home / "good.eml"
    good.write_bytes(letter(OTHER, subject="Shipped"))
    bad = xdg_home / "bad.eml"
    bad.write_bytes(b"\x00\x01 not mail")
    assert main(["check", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"onfile: {bad}: no headers: not an email message\n"
    verdict, score, label = captured.out.split()
    assert (verdict, label) == ("other", str(good)) and float(score) < 5.0
