"""Scores a Message against a RuleSet: which rules fired, with what text, and whether the total
reaches the threshold. Pure, so the service, `check`, `draft` and the tests share one path."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from onfile.extract import Facts, extract
from onfile.hypothetical import asserted
from onfile.message import Message
from onfile.normalize import normalized, strip_quoted
from onfile.rules import FieldMatcher, Rule, RuleSet

DEFAULT_THRESHOLD = 5.0


@dataclass(frozen=True)
class Hit:
    """One rule that fired: its score, the field and the text that matched."""

    rule: Rule
    field: str
    pattern: int
    # Where `excerpt` is found. Only explanations show it (check, the debug report), never the
    # service, so it is searched for when first read: a regex search costs as much as a scan.
    matcher: FieldMatcher = dataclasses.field(repr=False, compare=False)
    index: int = dataclasses.field(repr=False, compare=False)
    data: bytes = dataclasses.field(repr=False, compare=False)

    @functools.cached_property
    def excerpt(self) -> str:
        """The matched text, normalised: "we regret to inform you"."""
        return self.matcher.excerpt(self.index, self.data)


@dataclass(frozen=True)
class Detection:
    """The decision about one message and everything that explains it."""

    is_rejection: bool
    score: float
    threshold: float
    hits: tuple[Hit, ...]
    facts: Facts
    language: str


def field_texts(message: Message) -> dict[str, bytes]:
    """The normalised text of every field rules can look at, as UTF-8 (RE2 matches bytes)."""
    texts = {
        "subject": normalized(message.subject),
        "body": normalized(strip_quoted(message.body)),
        "sender": normalized(str(message.sender)) if message.sender else b"",
    }
    for name, value in message.headers.items():
        texts[f"header:{name}"] = normalized(value)
    return texts


def all_matches(rules: RuleSet, message: Message) -> list[Hit]:
    """Every (rule, pattern) that matches, in the languages that apply; for coverage and detect."""
    languages = {"*", "en", message.language, *message.languages}
    texts = field_texts(message)
    # The body without its conditional clauses, which rejection statements must match too: made
    # only for a letter where one matched the body, as most mail has none.
    stated: bytes | None = None
    hits: list[Hit] = []
    for matcher in rules.matchers:
        data = texts.get(matcher.field)
        if not data or matcher.scope.isdisjoint(languages):
            continue
        for index in sorted(matcher.matcher.Match(data) or ()):
            if matcher.languages[index] not in languages:
                continue
            seen = data
            if index in matcher.asserted:
                if stated is None:
                    stated = asserted(data, (message.language, *message.languages))
                seen = stated
            if matcher.confirms(index, seen):
                r_index, p_index = matcher.owners[index]
                hits.append(Hit(rules.rules[r_index], matcher.field, p_index, matcher, index, seen))
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
