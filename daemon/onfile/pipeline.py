"""Decide, don't do: one message in, a Decision out (the verdict, its explanation, and the draft to
write or why there is none). The service, `--dry-run`, `check`, `draft` and the tests share it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from onfile.addresses import domain_of
from onfile.compose import Draft, compose
from onfile.config import Config
from onfile.detect import Detection, detect
from onfile.message import Message
from onfile.resources import shipped_dir
from onfile.rules import RuleSet, compile_rules, load_rules
from onfile.templates import TemplatePack, load_templates


@dataclass(frozen=True)
class Engine:
    """Everything a decision needs that comes from files: config, rules, templates."""

    config: Config
    rules: RuleSet
    templates: dict[str, TemplatePack]


@dataclass(frozen=True)
class Context:
    """What the mailbox edge knows about a letter that the letter itself does not say."""

    answered: bool = False
    recent_domains: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    """The verdict on one message and, for a rejection, the draft or the reason for none."""

    message: Message
    detection: Detection
    draft: Draft | None
    reason: str


def rule_dirs(config: Config) -> list[Path]:
    return [shipped_dir("rules"), config.folder / "rules"]


def template_dirs(config: Config) -> list[Path]:
    return [shipped_dir("drafts"), config.folder / "drafts"]


def load_engine(config: Config) -> Engine:
    """Load and validate rules and templates the way every command does (ConfigError if bad)."""
    return Engine(config, load_rules(rule_dirs(config)), load_templates(template_dirs(config)))


def renewed(engine: Engine) -> Engine:
    """`engine` with its rules compiled afresh. RE2 grows each set's automaton with the variety of
    mail it scans, up to its memory cap (64 MB a set): 8,000 varied letters took a process from
    100 to 160 MB here, and a fresh compile of the same rules gave it back."""
    return dataclasses.replace(engine, rules=compile_rules(engine.rules.rules))


def hold_back(
    engine: Engine, message: Message, detection: Detection, now: datetime, context: Context
) -> str | None:
    """Why a rejection gets no draft, or None when it should get one."""
    config = engine.config
    if message.sender and message.sender.email in config.identity.addresses:
        return "the letter is from you"
    if (
        config.backfill_days
        and message.date
        and message.date < now - timedelta(days=config.backfill_days)
    ):
        return f"older than the backfill window ({config.backfill_days} days)"
    if context.answered:
        return "you already replied"
    recipient = detection.facts.reply_to
    if recipient and domain_of(recipient) in context.recent_domains:
        return f"a draft to {domain_of(recipient)} was written in the last {config.draft.rate_limit_days} days"
    return None


def decide(
    engine: Engine, message: Message, now: datetime, context: Context = Context()
) -> Decision:
    """Detect, check the safety rules, and compose: the whole pure pipeline for one message."""
    config = engine.config
    detection = detect(engine.rules, message, config.threshold, config.identity.addresses)
    if not detection.is_rejection:
        return Decision(
            message,
            detection,
            None,
            f"not a rejection (score {detection.score:g} < {detection.threshold:g})",
        )
    reason = hold_back(engine, message, detection, now, context)
    if reason:
        return Decision(message, detection, None, reason)
    draft = compose(engine.templates, message, detection, config.identity, config.draft, now)
    return Decision(message, detection, draft, "draft")
