"""Text normalisation before matching, and the removal of quoted earlier mail."""

from __future__ import annotations

import pytest

from onfile.normalize import MAX_SCAN_CHARS, normalize, strip_quoted

NEW = "Thanks for the update."
OLD = "We regret to inform you that we will not move forward."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We  REGRET\tto\ninform", "we regret to inform"),
        (
            "can’t ‘single’ “double” «guillemets» ´acute´ `tick`",
            "can't 'single' \"double\" \"guillemets\" 'acute' 'tick'",
        ),
        ("well–known — fact − minus ‐ hyphen", "well-known - fact - minus - hyphen"),
        ("soft\u00adhyphen zero\u200bwidth\ufeff", "softhyphen zerowidth"),
        ("ﬁlled Ｆｕｌｌ ①", "filled full 1"),
        ("Straße ÉCOLE", "strasse école"),
        ("  padded  ", "padded"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    """NFKC, case folding, plain quotes and dashes, invisible characters gone, single spaces."""
    assert normalize(text) == expected


def test_normalize_is_capped() -> None:
    """Untrusted mail is cut to MAX_SCAN_CHARS so matching stays cheap."""
    assert len(normalize("ab " * 50_000)) == MAX_SCAN_CHARS
    assert normalize("abcdef", limit=3) == "abc"


@pytest.mark.parametrize(
    "header",
    [
        "On Mon, 3 Nov 2026 at 10:00, Jane Smith <jane@acme.example> wrote:",
        "on 2026-11-03 jane@acme.example wrote:",
        "Am 03.11.2026 um 10:00 schrieb Jane Smith <jane@acme.example>:",
        "Le lun. 3 nov. 2026 à 10:00, Jane Smith <jane@acme.example> a écrit :",
        "El lun, 3 nov 2026 a las 10:00, Jane Smith (<jane@acme.example>) escribió:",
        "Op ma 3 nov. 2026 om 10:00 schreef Jane Smith <jane@acme.example>:",
        "Il giorno lun 3 nov 2026 alle ore 10:00 Jane Smith <jane@acme.example> ha scritto:",
        "Em seg., 3 de nov. de 2026 às 10:00, Jane Smith <jane@acme.example> escreveu:",
        "-----Original Message-----",
        "-------- Ursprüngliche Nachricht --------",
        "-------- Message d'origine --------",
        "From: Jane Smith <jane@acme.example>\nSent: Monday, November 3, 2026 10:00",
        "Von: Jane Smith <jane@acme.example>\nGesendet: Montag, 3. November 2026 10:00",
    ],
)
def test_reply_header_cuts_the_rest(header: str) -> None:
    """Everything from a reply or forward header on is the earlier mail, and is dropped."""
    body = f"{NEW}\n\n{header}\n{OLD}\nBest,\nJane"
    assert strip_quoted(body).strip() == NEW


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (f"{NEW}\n> {OLD}\n>> older\n  > indented", f"{NEW}"),
        (f"> {OLD}\n{NEW}", NEW),
        (f"{NEW}\nsee 3 > 2 in the table", f"{NEW}\nsee 3 > 2 in the table"),
        (f"Once upon a time\n{OLD}", f"Once upon a time\n{OLD}"),
        (f"{NEW}\n-- \nJane\n{OLD}", NEW),
    ],
)
def test_quoted_lines_dropped(body: str, expected: str) -> None:
    """`>` lines and the signature go; lines merely containing `>` or starting "On…" stay."""
    assert strip_quoted(body) == expected
