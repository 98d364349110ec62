"""Sentences of a letter and the patterns run on them: a pattern runs only on the sentences that
hold one of its trigger words, found for all patterns at once by one RE2 set. Role and company
extraction share it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import re2

MAX_SENTENCE = 400
_ABBREVIATIONS = frozenset(
    "Sr. Jr. Dr. Mr. Ms. Mrs. St. No. Inc. Ltd. Corp. Co. Bros. approx. incl. ca. bzw. evtl. "
    "z.B. e.g. i.e. Nr. Sra. Mme. M.".split()
)


@dataclass(frozen=True)
class Rx:
    """A pattern and the lower-case words one of which a sentence needs for it to match."""

    regex: re.Pattern[str]
    triggers: tuple[str, ...]

    def __post_init__(self) -> None:
        _TRIGGERS.update(dict.fromkeys(self.triggers))


# Every trigger of every Rx. A letter is searched for all of them at once by an RE2 set (one
# pass) rather than by `in` (one pass each: ~80 per letter, a third of extraction's time).
_TRIGGERS: dict[str, None] = {}
_FINDER: list[tuple[frozenset[str], tuple[str, ...], Any]] = []


def _triggers_in(text: str) -> tuple[frozenset[str], set[str]]:
    """The triggers looked for (those registered, if `text` is UTF-8-able) and those found."""
    if not _FINDER or len(_FINDER[0][0]) != len(_TRIGGERS):
        options = re2.Options()
        options.literal = True
        finder = re2.Set.SearchSet(options)
        for trigger in _TRIGGERS:
            finder.Add(trigger)
        finder.Compile()
        _FINDER[:] = [(frozenset(_TRIGGERS), tuple(_TRIGGERS), finder)]
    searched, triggers, finder = _FINDER[0]
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return frozenset(), set()
    return searched, {triggers[index] for index in finder.Match(data) or ()}


def rx(pattern: str, *triggers: str, flags: int = re.IGNORECASE) -> Rx:
    return Rx(re.compile(pattern, flags), triggers)


def lead(words: str) -> str:
    """An alternation of `words` ("a|b") as written and capitalised. Patterns start with one
    instead of a case-insensitive group, which the regex engine scans several times slower."""
    forms = [form for word in words.split("|") for form in (word, word[:1].upper() + word[1:])]
    return "(?:" + "|".join(forms) + ")"


def body_rx(words: str, rest: str, *triggers: str) -> Rx:
    """A body pattern: one of `words` (any case of the first letter), then `rest` (any case)."""
    return Rx(re.compile(rf"\b{lead(words)}(?i:{rest})"), triggers)


class Sentences:
    """The flattened body cut into sentences, with a cheap lookup of those holding a word."""

    def __init__(self, flat: str) -> None:
        pieces: list[str] = []
        for line in flat.replace(". ", ".\n").replace("! ", "!\n").replace("? ", "?\n").split("\n"):
            if pieces and pieces[-1].rsplit(None, 1)[-1] in _ABBREVIATIONS and line[:1].isalpha():
                pieces[-1] = f"{pieces[-1]} {line}"  # "Sr. Engineer", "Acme Inc. in Berlin"
            elif line.strip():
                pieces.append(line.strip()[:MAX_SENTENCE])
        self.items = pieces
        self._lower = [piece.lower() for piece in pieces]
        self._all = flat.lower()
        self._searched, self._found = _triggers_in(self._all)
        self._having: dict[tuple[str, ...], list[str]] = {}
        self._holding: dict[str, list[int]] = {}

    def having(self, triggers: tuple[str, ...]) -> list[str]:
        """Sentences, in order, that contain one of `triggers` (lower-case substrings)."""
        if triggers not in self._having:
            found: set[int] = set()
            for trigger in triggers:
                if self._holds(trigger):
                    found.update(self._holding_one(trigger))
            self._having[triggers] = [self.items[index] for index in sorted(found)]
        return self._having[triggers]

    def _holding_one(self, trigger: str) -> list[int]:
        """The sentences holding `trigger`, by index; looked up once per letter, since patterns
        share triggers."""
        if trigger not in self._holding:
            self._holding[trigger] = [i for i, lower in enumerate(self._lower) if trigger in lower]
        return self._holding[trigger]

    def _holds(self, trigger: str) -> bool:
        """Whether the whole text holds `trigger`."""
        if trigger in self._searched:
            return trigger in self._found
        return trigger in self._all


def search(
    pattern: re.Pattern[str], text: str, group: str, accept: Callable[[str], str | None]
) -> Iterator[str]:
    """Accepted values of `group`, left to right; after a rejected match the search resumes one
    character later, since a good match may overlap a bad one."""
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        value = accept(match.group(group))
        if value:
            yield value
        pos = match.start() + 1
