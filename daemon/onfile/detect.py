"""Scores a Message against a RuleSet: which rules fired, with what text, and whether the total
reaches the threshold. Pure, so the service, `check`, `draft` and the tests share one path."""

from __future__ import annotations

from dataclasses import dataclass

from onfile.extract import Facts, extract
from onfile.message import Message
from onfile.normalize import normalize, strip_quoted
from onfile.rules import Rule, RuleSet

DEFAULT_THRESHOLD = 5.0


@dataclass(frozen=True)
class Hit:
    """One rule that fired: its score, the field and the text that matched."""

    rule: Rule
    field: str
    excerpt: str
    pattern: int


@dataclass(frozen=True)
class Detection:
    """The decision about one message and everything that explains it."""

    is_rejection: bool
    score: float
    threshold: float
    hits: tuple[Hit, ...]
    facts: Facts
    language: str


def field_texts(message: Message) -> dict[str, str]:
    """The normalised text of every field rules can look at."""
    texts = {
        "subject": normalize(message.subject),
        "body": normalize(strip_quoted(message.body)),
        "sender": normalize(str(message.sender)) if message.sender else "",
    }
    for name, value in message.headers.items():
        texts[f"header:{name}"] = normalize(value)
    return texts


def all_matches(rules: RuleSet, message: Message) -> list[Hit]:
    """Every (rule, pattern) that matches, in the languages that apply; for coverage and detect."""
    languages = {"*", "en", message.language, *message.languages}
    texts = field_texts(message)
    hits: list[Hit] = []
    # RE2 works on UTF-8: encode each field once instead of once per set and per search.
    encoded = {name: text.encode() for name, text in texts.items() if text}
    for matcher in rules.matchers:
        data = encoded.get(matcher.field)
        if data is None or matcher.language not in languages:
            continue
        for index in sorted(matcher.matcher.Match(data) or ()):
            r_index, p_index = matcher.owners[index]
            rule = rules.rules[r_index]
            found = matcher.regexes[index].search(data)
            excerpt = found.group(1).decode(errors="replace").strip() if found else ""
            hits.append(Hit(rule, matcher.field, excerpt, p_index))
    return hits


def detect(
    rules: RuleSet,
    message: Message,
    threshold: float = DEFAULT_THRESHOLD,
    own_addresses: tuple[str, ...] = (),
) -> Detection:
    """Decide whether `message` is a rejection letter, and extract what a reply needs."""
    fired: dict[str, Hit] = {}
    for hit in all_matches(rules, message):
        fired.setdefault(hit.rule.id, hit)
    hits = tuple(sorted(fired.values(), key=lambda h: (-abs(h.rule.score), h.rule.id)))
    score = round(sum(h.rule.score for h in hits), 2)
    return Detection(
        is_rejection=score >= threshold,
        score=score,
        threshold=threshold,
        hits=hits,
        facts=extract(message, own_addresses),
        language=message.language,
    )
