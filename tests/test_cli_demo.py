"""`onfile demo --dir DIR`: a real pass over the shipped sample letters, its table, its drafts."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from onfile.resources import shipped_dir
from tests.factories import onfile

LETTERS = sorted(p.name for p in shipped_dir("demo_letters").glob("*.eml"))


def test_demo_prints_table_and_writes_drafts(xdg_home: Path) -> None:
    """The table has one row per sample letter; the drafts it counts are in .Drafts/cur, flagged DS."""
    folder = xdg_home / "demo"
    done = onfile(xdg_home, "demo", "--dir", str(folder))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"onfile demo: {len(LETTERS)} sample letters in {folder / 'Mail'}"
    header = lines.index(next(line for line in lines if line.startswith("letter ")))
    rows = lines[header + 2 : header + 2 + len(LETTERS)]
    assert [row.split()[0] for row in rows] == LETTERS
    assert all(row.split()[1] in ("rejection", "other") for row in rows)
    found = re.search(r"^(\d+) drafts written to (.+)$", done.stdout, re.MULTILINE)
    assert found and Path(found.group(2)) == folder / "Mail" / ".Drafts" / "cur"
    drafts = sorted((folder / "Mail" / ".Drafts" / "cur").iterdir())
    assert int(found.group(1)) == len(drafts) >= 1
    assert len(drafts) == sum(1 for row in rows if re.search(r"  to \S", row))
    for path in drafts:
        assert path.name.endswith(":2,DS")
        draft = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert draft["From"] == "Alex Doe <alex@example.org>"
        assert draft["Subject"].startswith("Re: ") and draft["In-Reply-To"]


def test_demo_leaves_the_letters_alone(xdg_home: Path) -> None:
    """The sample letters stay in new/ byte for byte; running the demo again gives the same drafts."""
    folder = xdg_home / "demo"
    first = onfile(xdg_home, "demo", "--dir", str(folder))
    names = sorted(p.name for p in (folder / "Mail" / ".Drafts" / "cur").iterdir())
    again = onfile(xdg_home, "demo", "--dir", str(folder))
    assert first.returncode == again.returncode == 0
    delivered = sorted((folder / "Mail" / "new").iterdir())
    assert sorted(p.read_bytes() for p in delivered) == sorted(
        (shipped_dir("demo_letters") / name).read_bytes() for name in LETTERS
    )
    assert not list((folder / "Mail" / "cur").iterdir())
    assert len(list((folder / "Mail" / ".Drafts" / "cur").iterdir())) == len(names)
