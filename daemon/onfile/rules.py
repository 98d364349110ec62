"""Rule files to a validated, compiled `RuleSet`: shipped packs from `rules/`, then the user's
folder (same file name replaces, new files add, `disable`/`rescore` adjust), all problems at once."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import re2

from onfile.errors import ConfigError, Problem
from onfile.hypothetical import ASSERTED_FROM
from onfile.loosen import is_open, loosened
from onfile.message import KEPT_HEADERS
from onfile.normalize import normalize
from onfile.tomlfile import TomlFile, read_toml

LANGUAGES = ("en", "de", "fr", "es", "nl", "it", "pt")
PLAIN_FIELDS = ("subject", "body", "sender")
RULE_KEYS = frozenset({"id", "description", "field", "phrases", "regex", "score", "language"})
FILE_KEYS = frozenset({"language", "rule", "disable", "rescore"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# Word edges for phrases. RE2's \b is ASCII-only, and Unicode classes (\pL) cost ~20x more to
# compile; matched text is normalised (case-folded, ASCII quotes and dashes), so "a letter" here
# is an ASCII letter or digit or any non-ASCII character.
_WORD_CHAR = r"0-9a-z\x{80}-\x{10ffff}"
_EDGE_BEFORE = rf"(?:^|[^{_WORD_CHAR}])"
_EDGE_AFTER = rf"(?:[^{_WORD_CHAR}]|$)"
# An RE2 set runs one lazily built DFA, whose states are the combinations of its patterns'
# partial matches. Phrases combine little: hundreds share a set cheaply. Open windows ("sie
# (?:\pL+ ){0,}nicht", onfile.loosen.is_open) combine multiplicatively, as letters open several
# at once, so they go in sets of their own, OPEN_SET_SIZE at most. Measured on the German pack
# (one pass over 300 generated letters, warm): 1,500 us per letter in one set, 120 us as phrases
# in one set and windows in sets of 32-64; smaller sets cost more in scans than they save. Over
# the whole of all_matches, with the loose \pL: a third fewer instructions per letter
# (cachegrind, 2,000 letters), though CPU time on 10,000 letters barely moved, as memory stalls
# in the automata, not instructions, bound it there.
SET_SIZE = 320
OPEN_SET_SIZE = 48
T = TypeVar("T")


@dataclass(frozen=True)
class Rule:
    """One named, scored piece of evidence; fires once however many of its patterns match."""

    id: str
    description: str
    field: str
    patterns: tuple[str, ...]
    is_regex: tuple[bool, ...]
    score: float
    language: str
    source: str
    line: int


@dataclass(frozen=True)
class FieldMatcher:
    """Patterns that look at one field, in one RE2 set: for each, its rule and pattern index,
    its language, and how to show what it matched (`excerpt`)."""

    field: str
    matcher: Any
    scope: frozenset[str]  # the languages of its patterns
    owners: tuple[tuple[int, int], ...]
    languages: tuple[str, ...]
    # A plain phrase (no `*` stem) shows itself: the text is normalised as the phrase is, so
    # exactly that matched. Anything else is searched for: a regex on its own, a phrase with
    # its word edges but only group 1 shown.
    literals: tuple[str | None, ...]
    searches: tuple[tuple[str, str | None], ...]  # (wrapped pattern, the regex alone or None)
    loose: frozenset[int]  # patterns the set holds loosened (onfile.loosen): a set match nominates
    # Patterns of rejection statements (see `asserts`): a match in the body nominates them, and
    # they fire only if they still match once the conditional clauses are dropped.
    asserted: frozenset[int]

    def confirms(self, index: int, data: bytes) -> bool:
        """Whether pattern `index`, which the set matched in `data` or in the text `data` was
        made from, really matches `data`."""
        return (index not in self.loose and index not in self.asserted) or self._search(
            index, data
        )[0] is not None

    def excerpt(self, index: int, data: bytes) -> str:
        """The text pattern `index` matched in `data` (normalised UTF-8), as explanations show it."""
        literal = self.literals[index]
        if literal is not None:
            return literal
        found, group = self._search(index, data)
        if not found:
            return ""
        return str(found.group(group).decode(errors="replace").strip())

    def _search(self, index: int, data: bytes) -> tuple[Any, int]:
        """The exact pattern's first match in `data`, and the group that is the excerpt."""
        source, regex = self.searches[index]
        # A capture group makes RE2 run its slow NFA over the match (~10 us); a regex searched
        # on its own needs none, its whole match being the excerpt.
        alone = _standalone(regex) if regex is not None else None
        if alone is not None:
            return alone.search(data), 0
        return _compiled(source).search(data), 1


@dataclass(frozen=True)
class RuleSet:
    """The effective rules and the compiled matchers detection runs."""

    rules: tuple[Rule, ...]
    matchers: tuple[FieldMatcher, ...]


def _options() -> Any:
    opts = re2.Options()
    opts.case_sensitive = False
    opts.log_errors = False
    # Matching is linear-time by construction; this caps memory for a hostile user regex.
    opts.max_mem = 64 << 20
    return opts


def phrase_regex(phrase: str) -> str:
    """A phrase as a regex: normalised like the text, word-bounded, `*` ending a word = any suffix."""
    words = []
    for word in normalize(phrase).split(" "):
        stem = word.endswith("*") and len(word) > 1
        escaped = re.escape(word[:-1] if stem else word)
        words.append(escaped + (f"[{_WORD_CHAR}]*" if stem else ""))
    return " ".join(words)


def wrapped(pattern: str, is_regex: bool) -> str:
    """The pattern with one capture group around what the excerpt shows."""
    if is_regex:
        return f"({pattern})"
    return f"{_EDGE_BEFORE}({phrase_regex(pattern)}){_EDGE_AFTER}"


# Compiled patterns are needed only for the excerpts of patterns that matched; a small cache keeps
# the service's memory flat (every pattern compiled alone would hold ~20 MB for nothing).
@functools.lru_cache(maxsize=256)
def _compiled(source: str) -> Any:
    """One compiled RE2 per pattern source, for excerpts."""
    return re2.compile(source, _options())


@functools.lru_cache(maxsize=256)
def _standalone(regex: str) -> Any | None:
    """A rule's regex compiled on its own, not in the group `wrapped` puts it in; None when it
    is valid only inside that group (as "a)(b" is)."""
    try:
        return _compiled(regex)
    except re2.error:
        return None


def _check_regex(pattern: str) -> str | None:
    try:
        re2.compile(pattern, _options())  # validated, then let go
    except re2.error as exc:
        detail = exc.args[0] if exc.args else ""
        # The binding gives the RE2 message as bytes; show it as text, not as b'…'.
        return (detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)) or (
            "invalid pattern"
        )
    return None


def _as_list(value: Any) -> list[Any] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    return None


def _parse_rule(
    doc: TomlFile, raw: Any, line: int, end: int | None, lang: str
) -> Rule | list[Problem]:
    if not isinstance(raw, dict):
        return [doc.problem(line, "[[rule]] must be a table")]
    problems: list[Problem] = []

    def at(key: str) -> int:
        return doc.key_line(key, line, end) or line

    for key in sorted(set(raw) - RULE_KEYS):
        problems.append(
            doc.problem(at(key), f"unknown key {key!r} in rule; use {', '.join(sorted(RULE_KEYS))}")
        )
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        problems.append(
            doc.problem(
                at("id"), 'rule needs an id like "en.regret-to-inform" (lower case, digits, . _ -)'
            )
        )
        rule_id = "?"
    description = raw.get("description", "")
    if not isinstance(description, str) or not description.strip():
        problems.append(
            doc.problem(at("description"), f'rule {rule_id}: add a one-line description = "…"')
        )
    field = raw.get("field")
    valid_field = isinstance(field, str) and (
        field in PLAIN_FIELDS or (field.startswith("header:") and field[7:].lower() in KEPT_HEADERS)
    )
    if not valid_field:
        headers = ", ".join(f"header:{h}" for h in KEPT_HEADERS)
        problems.append(
            doc.problem(
                at("field"),
                f"rule {rule_id}: unknown field {field!r}; use subject, body, sender or {headers}",
            )
        )
    score = raw.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float):
        problems.append(
            doc.problem(
                at("score") if "score" in raw else line,
                f"rule {rule_id}: missing or non-numeric score; add score = 2.0 (negative for evidence against)",
            )
        )
        score = 0.0
    language = raw.get("language", lang)
    if language not in (*LANGUAGES, "*"):
        problems.append(
            doc.problem(
                at("language"),
                f'rule {rule_id}: unknown language {language!r}; use one of {", ".join(LANGUAGES)} or "*"',
            )
        )
    patterns: list[str] = []
    kinds: list[bool] = []
    for key, is_regex in (("phrases", False), ("regex", True)):
        if key not in raw:
            continue
        values = _as_list(raw[key])
        if (
            values is None
            or not values
            or not all(isinstance(v, str) and v.strip() for v in values)
        ):
            problems.append(
                doc.problem(
                    at(key), f"rule {rule_id}: {key} must be a non-empty string or list of strings"
                )
            )
            continue
        for value in values:
            error = _check_regex(wrapped(value, is_regex))
            if error:
                where = doc.text_line(value, line, end) or at(key)
                problems.append(
                    doc.problem(
                        where,
                        f"rule {rule_id}: bad {key} {value!r}: {error} (RE2 syntax: no look-arounds or back-references)",
                    )
                )
            patterns.append(value)
            kinds.append(is_regex)
    if "phrases" not in raw and "regex" not in raw:
        problems.append(doc.problem(line, f'rule {rule_id}: add phrases = ["…"] or regex = ["…"]'))
    if problems:
        return problems
    return Rule(
        id=str(rule_id),
        description=str(description).strip(),
        field=str(field).lower(),
        patterns=tuple(patterns),
        is_regex=tuple(kinds),
        score=float(score),
        language=str(language),
        source=str(doc.path),
        line=line,
    )


@dataclass
class _Loaded:
    rules: list[Rule]
    disable: list[tuple[str, TomlFile, int | None]]
    rescore: list[tuple[str, float, TomlFile, int | None]]


def _load_file(doc: TomlFile, into: _Loaded, problems: list[Problem]) -> None:
    data = doc.data
    for key in sorted(set(data) - FILE_KEYS):
        problems.append(
            doc.problem(
                doc.key_line(key),
                f"unknown top-level key {key!r}; use language, [[rule]], disable or [rescore]",
            )
        )
    lang = data.get("language", "*")
    if lang not in (*LANGUAGES, "*"):
        problems.append(
            doc.problem(
                doc.key_line("language"),
                f'unknown language {lang!r}; use one of {", ".join(LANGUAGES)} or "*"',
            )
        )
        lang = "*"
    raw_rules = data.get("rule", [])
    starts = doc.table_lines("rule")
    if not isinstance(raw_rules, list):
        problems.append(
            doc.problem(doc.key_line("rule"), "rule must be written as [[rule]] tables")
        )
        raw_rules = []
    for index, raw in enumerate(raw_rules):
        line = starts[index] if index < len(starts) else 1
        end = starts[index + 1] if index + 1 < len(starts) else None
        parsed = _parse_rule(doc, raw, line, end, str(lang))
        if isinstance(parsed, Rule):
            into.rules.append(parsed)
        else:
            problems.extend(parsed)
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(x, str) for x in disable):
        problems.append(doc.problem(doc.key_line("disable"), "disable must be a list of rule ids"))
    else:
        into.disable.extend((rule_id, doc, doc.text_line(f'"{rule_id}"')) for rule_id in disable)
    rescore = data.get("rescore", {})
    if not isinstance(rescore, dict):
        problems.append(
            doc.problem(
                doc.key_line("rescore"), 'rescore must be a table: [rescore] then "rule.id" = 1.5'
            )
        )
        rescore = {}
    for rule_id, value in rescore.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                doc.problem(
                    doc.key_line(rule_id), f"rescore {rule_id}: the new score must be a number"
                )
            )
        else:
            into.rescore.append((rule_id, float(value), doc, doc.key_line(rule_id)))


def rule_files(dirs: Sequence[Path]) -> list[Path]:
    """The effective rule files: later folders replace earlier files of the same name."""
    chosen: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                chosen[path.name] = path
    return [chosen[name] for name in sorted(chosen)]


def load_rules(dirs: Sequence[Path], extra: Iterable[Path] = ()) -> RuleSet:
    """Load, validate and compile; raises ConfigError listing every problem found."""
    problems: list[Problem] = []
    loaded = _Loaded([], [], [])
    extra = list(extra)
    replaced = {path.name for path in extra}
    for path in [*(p for p in rule_files(dirs) if p.name not in replaced), *extra]:
        doc = read_toml(path)
        if isinstance(doc, Problem):
            problems.append(doc)
        else:
            _load_file(doc, loaded, problems)
    seen: dict[str, Rule] = {}
    for rule in loaded.rules:
        if rule.id in seen:
            first = seen[rule.id]
            problems.append(
                Problem(
                    rule.source,
                    rule.line,
                    f"duplicate rule id {rule.id} (first at {first.source}:{first.line}); rename one, or replace the whole file",
                )
            )
        seen[rule.id] = rule
    rules = dict(seen)
    for rule_id, doc, line in loaded.disable:
        if rules.pop(rule_id, None) is None and rule_id not in seen:
            problems.append(
                doc.problem(line, f"disable: no rule {rule_id!r}; see `onfile rules list`")
            )
    for rule_id, score, doc, line in loaded.rescore:
        if rule_id not in seen:
            problems.append(
                doc.problem(line, f"rescore: no rule {rule_id!r}; see `onfile rules list`")
            )
        elif rule_id in rules:
            old = rules[rule_id]
            rules[rule_id] = Rule(**{**old.__dict__, "score": score})
    if problems:
        raise ConfigError(problems)
    return compile_rules(tuple(rules.values()))


def _literal(pattern: str, is_regex: bool) -> str | None:
    """What a plain phrase (no regex, no `*` stem) matches: its normalised self."""
    if is_regex:
        return None
    phrase = normalize(pattern)
    return (
        None if any(word.endswith("*") and len(word) > 1 for word in phrase.split(" ")) else phrase
    )


def asserts(rule: Rule) -> bool:
    """Whether `rule` is a rejection statement, which counts only where the letter asserts it,
    not where it envisages it ("if you do not hear from us, you were not selected")."""
    return rule.field == "body" and rule.score >= ASSERTED_FROM


def equal_chunks(items: list[T], most: int) -> list[list[T]]:
    """`items` in chunks of at most `most`, of equal size: 70 make two of 35, not 48 and 22."""
    size = -(-len(items) // -(-len(items) // most))
    return [items[i : i + size] for i in range(0, len(items), size)]


def compile_rules(rules: tuple[Rule, ...]) -> RuleSet:
    """Group patterns into RE2 sets, so a letter is scanned once per set that applies: the
    body's by language, since one set of every language's regexes outgrows the DFA cache and
    thrashes (10-100x slower), and windows apart from phrases (see OPEN_SET_SIZE); the short
    fields' in one set each, since a scan of a subject costs more in calls than in bytes. A set
    over RE2's memory cap is split."""
    # (wrapped pattern, its loosened form the set holds, rule index, pattern index, literal, regex)
    grouped: dict[
        tuple[str, str, bool], list[tuple[str, str, int, int, str | None, str | None]]
    ] = {}
    for r_index, rule in enumerate(rules):
        for p_index, (pattern, is_regex) in enumerate(
            zip(rule.patterns, rule.is_regex, strict=True)
        ):
            source = wrapped(pattern, is_regex)
            loose = loosened(source)
            key = (rule.field, rule.language if rule.field == "body" else "", is_open(loose))
            grouped.setdefault(key, []).append(
                (
                    source,
                    loose,
                    r_index,
                    p_index,
                    _literal(pattern, is_regex),
                    pattern if is_regex else None,
                )
            )
    matchers = []
    for (field, _, open_windows), entries in grouped.items():
        pending = equal_chunks(entries, OPEN_SET_SIZE if open_windows else SET_SIZE)
        while pending:
            chunk = pending.pop(0)
            regex_set = re2.Set.SearchSet(_options())
            for _, loose, *_ in chunk:
                regex_set.Add(loose)
            try:
                regex_set.Compile()
            except re2.error:
                if len(chunk) == 1:
                    rule = rules[chunk[0][2]]
                    raise ConfigError(
                        [
                            Problem(
                                rule.source,
                                rule.line,
                                f"rule {rule.id}: a pattern too big for RE2's memory cap; simplify it",
                            )
                        ]
                    ) from None
                pending[:0] = [chunk[: len(chunk) // 2], chunk[len(chunk) // 2 :]]
                continue
            languages = tuple(rules[r].language for _, _, r, _, _, _ in chunk)
            matchers.append(
                FieldMatcher(
                    field=field,
                    matcher=regex_set,
                    scope=frozenset(languages),
                    owners=tuple((r, p) for _, _, r, p, _, _ in chunk),
                    languages=languages,
                    literals=tuple(literal for *_, literal, _ in chunk),
                    searches=tuple((source, regex) for source, *_, regex in chunk),
                    loose=frozenset(
                        i for i, (source, loose, *_) in enumerate(chunk) if loose != source
                    ),
                    asserted=frozenset(
                        i for i, (_, _, r, *_) in enumerate(chunk) if asserts(rules[r])
                    ),
                )
            )
    return RuleSet(rules=rules, matchers=tuple(matchers))
