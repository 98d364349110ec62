r"""Loosen a regex for the RE2 set that scans every letter: counted repetitions lose their upper
bound (`{0,80}` becomes `{0,}`) and the letter class `\pL` widens to ASCII letters and anything
beyond ASCII; the set then only nominates, and the exact regex confirms the few it nominates."""

from __future__ import annotations

import re

# An RE2 set runs one lazily built DFA over every letter. A counted window after a common word
# ("(?:sie|du)[^.]{0,80}? nicht") makes each letter reach new DFA states (one per combination
# of open counts), so the set rebuilds states for every letter: de/nl scans measured 6-8x slower
# than with the counts dropped. Dropping the upper bound only widens what matches, so a pattern
# the loose form misses cannot match exactly; bounds this small cost nothing and stay.
LOOSEN_FROM = 2
_COUNT = re.compile(r"\{(\d+),(\d+)\}")
# \pL compiles to hundreds of UTF-8 byte ranges, and every DFA state that holds a "(?:\pL+ ){0,}"
# window carries them. With the wide class (and windows in sets of their own, onfile.rules) the
# service's memory fell from 78 to 47 MB and loading the rules took 5.6 billion fewer
# instructions. Every letter is ASCII or beyond ASCII, so the wide class matches at least
# what \pL does, and its complement at most what [^\pL] does: the loose form misses nothing the
# exact one finds.
_LETTER = r"a-z\x{80}-\x{10ffff}"


def _wide(escape: str, in_class: bool, negated: bool) -> str:
    r"""`\pL` or `\PL` widened: "[a-z…]" for a letter, "[^a-z]" for a non-letter, and inside a
    class the letters it adds, fewer where the class excludes them ("[^\pL]" to "[^a-z]")."""
    if not in_class:
        return f"[{_LETTER}]" if escape == "pL" else "[^a-z]"
    if escape == "pL":
        return "a-z" if negated else _LETTER
    return "\\PL"  # a non-letter inside a class: rare, left exact


def loosened(pattern: str) -> str:
    r"""`pattern` with every `{m,n}` repetition where n >= LOOSEN_FROM made `{m,}` and `\pL`,
    `\PL` widened, outside escapes (`\x{41}`, `\p{Greek}` are left alone)."""
    out: list[str] = []
    index, end, in_class, negated = 0, len(pattern), False, False
    while index < end:
        char = pattern[index]
        if char == "\\":
            escape = pattern[index + 1 : index + 3]
            if escape in ("pL", "PL"):
                out.append(_wide(escape, in_class, negated))
                index += 3
                continue
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
            negated = pattern[index + 1 : index + 2] == "^"
            opening = 2 if negated else 1
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


# An unbounded repetition of something that can span words: a group ("(?:\pL+ ){0,}"), a
# negated class ("[^.;!?]*") or any character (".*"). A repeated letter class ("\pL*") ends
# with its word and is not one.
_OPEN = re.compile(r"(?:\)|\[\^[^\]]*\]|(?<!\\)\.)(?:\*|\+|\{\d+,\})")


def is_open(pattern: str) -> bool:
    """Whether `pattern` (loosened) holds a window open across words: an RE2 set then tracks
    which of its windows are open at once, so such patterns cost far more per set than phrases."""
    return _OPEN.search(pattern) is not None
