"""Loosen a regex's counted repetitions (`{0,80}` becomes `{0,}`) for the RE2 set that scans
every letter; the set then only nominates, and the exact regex confirms the few it nominates."""

from __future__ import annotations

import re

# An RE2 set runs one lazily built DFA over every letter. A counted window after a common word
# ("(?:sie|du)[^.]{0,80}? nicht") makes each letter reach new DFA states (one per combination
# of open counts), so the set rebuilds states for every letter: de/nl scans measured 6-8x slower
# than with the counts dropped. Dropping the upper bound only widens what matches, so a pattern
# the loose form misses cannot match exactly; bounds this small cost nothing and stay.
LOOSEN_FROM = 2
_COUNT = re.compile(r"\{(\d+),(\d+)\}")


def loosened(pattern: str) -> str:
    """`pattern` with every `{m,n}` repetition where n >= LOOSEN_FROM made `{m,}`, outside
    character classes and escapes (`\\x{41}`, `\\p{Greek}` are left alone)."""
    out: list[str] = []
    index, end, in_class = 0, len(pattern), False
    while index < end:
        char = pattern[index]
        if char == "\\":
            # \p{…}, \P{…} and \x{…} carry braces that are not repetitions.
            if (
                pattern[index + 1 : index + 2] in ("p", "P", "x")
                and pattern[index + 2 : index + 3] == "{"
            ):
                close = pattern.find("}", index)
                step = (close if close != -1 else end - 1) + 1 - index
            else:
                step = 2
            out.append(pattern[index : index + step])
            index += step
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # "[]…]" and "[^]…]": a "]" first in a class is a literal, not its end.
            opening = 2 if pattern[index + 1 : index + 2] == "^" else 1
            if pattern[index + opening : index + opening + 1] == "]":
                opening += 1
            out.append(pattern[index : index + opening])
            index += opening
            continue
        elif char == "{":
            count = _COUNT.match(pattern, index)
            if count and int(count.group(2)) >= LOOSEN_FROM:
                out.append(f"{{{count.group(1)},}}")
                index = count.end()
                continue
        out.append(char)
        index += 1
    return "".join(out)
