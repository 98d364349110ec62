"""Reply templates (`drafts/<lang>.toml`) to validated `TemplatePack`s: shipped ones, replaced
file by file from the user's drafts/ folder; unknown keys or placeholders are file:line errors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from onfile.config import TONES
from onfile.errors import ConfigError, Problem
from onfile.rules import LANGUAGES
from onfile.tomlfile import TomlFile, read_toml

# Each key and the placeholders it may use; the code fills them, the template only words them.
FIELDS: dict[str, frozenset[str]] = {
    "greeting_person": frozenset({"recruiter"}),
    "greeting_none": frozenset(),
    "position_role_company": frozenset({"role", "company"}),
    "position_role": frozenset({"role"}),
    "position_company": frozenset({"company"}),
    "position_none": frozenset(),
    "company_ref": frozenset({"company"}),
    "company_ref_none": frozenset(),
}
PARAGRAPHS: dict[str, frozenset[str]] = {
    "internship": frozenset(),
    "contract": frozenset(),
    "other_roles": frozenset(),
    "network": frozenset({"network_url"}),
    "portfolio": frozenset({"portfolio_url"}),
}
NOTES: dict[str, frozenset[str]] = {
    "no_reply": frozenset(),
    "no_reply_hint": frozenset({"address"}),
}
BODY = frozenset({"greeting", "position", "company_ref", "extras", "signature", "name"})
OPTIONAL_NOTES = {"quote_header": frozenset({"date", "sender"})}


@dataclass(frozen=True)
class TemplatePack:
    """One language's wording: fields, optional paragraphs, notes, and a body per tone."""

    language: str
    source: str
    fields: dict[str, Template]
    paragraphs: dict[str, Template]
    notes: dict[str, Template]
    bodies: dict[str, Template]


def _section(
    doc: TomlFile,
    data: dict[str, Any],
    name: str,
    spec: dict[str, frozenset[str]],
    optional: dict[str, frozenset[str]],
    problems: list[Problem],
) -> dict[str, Template]:
    table = data.get(name)
    start = doc.text_line(f"[{name}]") or None
    if not isinstance(table, dict):
        problems.append(doc.problem(start, f"missing [{name}] table with keys {', '.join(spec)}"))
        return {}
    out: dict[str, Template] = {}
    allowed = {**spec, **optional}
    for key in sorted(set(table) - set(allowed)):
        problems.append(
            doc.problem(
                doc.key_line(key, start or 1),
                f"[{name}] unknown key {key!r}; expected {', '.join(allowed)}",
            )
        )
    for key, names in allowed.items():
        if key not in table:
            if key in spec:
                problems.append(doc.problem(start, f'[{name}] is missing {key} = "…"'))
            continue
        value = table[key]
        line = doc.key_line(key, start or 1)
        if not isinstance(value, str):
            problems.append(doc.problem(line, f"[{name}] {key} must be a string"))
            continue
        checked = _checked(doc, value, line, f"[{name}] {key}", names, problems)
        if checked:
            out[key] = checked
    return out


def _checked(
    doc: TomlFile,
    text: str,
    line: int | None,
    what: str,
    names: frozenset[str],
    problems: list[Problem],
) -> Template | None:
    template = Template(text)
    if not template.is_valid():
        problems.append(
            doc.problem(line, f"{what}: a stray $ (write $$ for a dollar sign, $name for a field)")
        )
        return None
    unknown = sorted(set(template.get_identifiers()) - names)
    if unknown:
        hint = ", ".join(f"${n}" for n in sorted(names)) or "no placeholders"
        # In a multi-line body, point at the line that uses the placeholder, not at `body =`.
        use = re.compile(rf"\$(?:{re.escape(unknown[0])}\b|\{{{re.escape(unknown[0])}\}})")
        start = line or 1
        at = next(
            (n for n, row in enumerate(doc.lines[start - 1 :], start) if use.search(row)), line
        )
        problems.append(doc.problem(at, f"{what}: unknown field ${unknown[0]}; it may use {hint}"))
        return None
    return template


def _pack(doc: TomlFile, problems: list[Problem]) -> TemplatePack | None:
    data = doc.data
    before = len(problems)
    for key in sorted(set(data) - {"language", "fields", "paragraphs", "notes", "tone"}):
        problems.append(
            doc.problem(
                doc.key_line(key),
                f"unknown key {key!r}; expected language, [fields], [paragraphs], [notes], [tone.warm], [tone.brief]",
            )
        )
    language = data.get("language")
    if language not in LANGUAGES:
        problems.append(
            doc.problem(doc.key_line("language"), f"language must be one of {', '.join(LANGUAGES)}")
        )
    fields = _section(doc, data, "fields", FIELDS, {}, problems)
    paragraphs = _section(doc, data, "paragraphs", PARAGRAPHS, {}, problems)
    notes = _section(doc, data, "notes", NOTES, OPTIONAL_NOTES, problems)
    bodies: dict[str, Template] = {}
    tones = data.get("tone")
    if not isinstance(tones, dict):
        problems.append(
            doc.problem(
                None, 'missing [tone.warm] and [tone.brief] tables, each with body = """…"""'
            )
        )
        tones = {}
    for tone in sorted(set(tones) - set(TONES)):
        problems.append(
            doc.problem(
                doc.text_line(f"[tone.{tone}]"),
                f"unknown tone {tone!r}; tones are {', '.join(TONES)}",
            )
        )
    for tone in TONES:
        table = tones.get(tone)
        start = doc.text_line(f"[tone.{tone}]")
        if not isinstance(table, dict) or not isinstance(table.get("body"), str):
            problems.append(doc.problem(start, f'missing [tone.{tone}] with body = """…"""'))
            continue
        for key in sorted(set(table) - {"body"}):
            problems.append(
                doc.problem(
                    doc.key_line(key, start or 1), f"[tone.{tone}] unknown key {key!r}; only body"
                )
            )
        body_line = doc.key_line("body", start or 1)
        checked = _checked(doc, table["body"], body_line, f"[tone.{tone}] body", BODY, problems)
        if checked:
            bodies[tone] = checked
    if len(problems) > before:
        return None
    return TemplatePack(str(language), str(doc.path), fields, paragraphs, notes, bodies)


def load_templates(dirs: Sequence[Path]) -> dict[str, TemplatePack]:
    """Load `<lang>.toml` from each folder, later folders replacing earlier files; English must exist."""
    chosen: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                chosen[path.name] = path
    problems: list[Problem] = []
    packs: dict[str, TemplatePack] = {}
    for name in sorted(chosen):
        doc = read_toml(chosen[name])
        if isinstance(doc, Problem):
            problems.append(doc)
            continue
        pack = _pack(doc, problems)
        if pack is None:
            continue
        if pack.language in packs:
            problems.append(
                doc.problem(
                    doc.key_line("language"),
                    f"a second template for {pack.language!r} (first: {packs[pack.language].source}); name the file {pack.language}.toml to replace it",
                )
            )
        packs[pack.language] = pack
    if "en" not in packs and not problems:
        problems.append(
            Problem(
                str(dirs[0]),
                None,
                "no English template (en.toml); English is the fallback for every language",
            )
        )
    if problems:
        raise ConfigError(problems)
    return packs
