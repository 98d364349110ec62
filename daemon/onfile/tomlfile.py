"""Reading the TOML files users edit, with line numbers for error messages (tomllib has none)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from onfile.errors import Problem

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class TomlFile:
    """A parsed TOML document plus its lines, to point at `key = …` and `[[table]]` lines."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.data = data

    def problem(self, line: int | None, message: str) -> Problem:
        return Problem(str(self.path), line, message)

    def key_line(self, key: str, start: int = 1, end: int | None = None) -> int | None:
        """The first line in [start, end) that assigns `key` (bare or quoted)."""
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
        stop = len(self.lines) + 1 if end is None else end
        for number in range(start, stop):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    def text_line(self, needle: str, start: int = 1, end: int | None = None) -> int | None:
        """The first line in [start, end) containing `needle`."""
        stop = len(self.lines) + 1 if end is None else end
        for number in range(start, stop):
            if needle in self.lines[number - 1]:
                return number
        return None

    def table_lines(self, name: str) -> list[int]:
        """Line numbers of every `[[name]]` header, in order."""
        pattern = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
        return [i for i, line in enumerate(self.lines, 1) if pattern.match(line)]


def read_toml(path: Path) -> TomlFile | Problem:
    """Parse `path`; a syntax error comes back as a Problem with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Problem(str(path), None, f"cannot read: {exc}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _AT_LINE.search(str(exc))
        what = _AT_LINE.sub("", str(exc)).strip()
        return Problem(
            str(path), int(found.group(1)) if found else None, f"TOML syntax error: {what}"
        )
    return TomlFile(path, text, data)
