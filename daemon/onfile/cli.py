"""The command line: parses arguments, runs a command, prints, and maps errors to one line on
stderr and an exit code (0 ok, 1 failure, 2 usage, 78 bad config/rules/templates)."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from onfile import __version__
from onfile.config import Config, Identity, load_config
from onfile.errors import ConfigError, MessageError, OnfileError
from onfile.message import parse_message
from onfile.pipeline import Engine, decide, load_engine, rule_dirs
from onfile.report import detection_json, explain, table
from onfile.rules import load_rules, rule_files
from onfile.service import Outcome
from onfile.sources import read_messages

log = logging.getLogger("onfile")
SAMPLE_IDENTITY = Identity("Alex Doe", "alex@example.org")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        help="config file (default: $ONFILE_CONFIG or $XDG_CONFIG_HOME/onfile/config.toml)",
    )
    common.add_argument(
        "--debug", action="store_true", help="more detail, and a traceback on errors"
    )
    parser = argparse.ArgumentParser(
        prog="onfile",
        description="Turns job rejection letters into warm, threaded reply drafts.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"onfile {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser(
        "demo", parents=[common], help="run the pipeline over shipped sample letters"
    )
    demo.add_argument(
        "--dir", type=Path, help="folder for the sample Maildir (default: a new temp folder)"
    )
    run = sub.add_parser(
        "run", parents=[common], help="the service: watch accounts and write drafts"
    )
    run.add_argument("--once", action="store_true", help="one catch-up pass, then exit")
    run.add_argument("--dry-run", action="store_true", help="decide and report, write nothing")
    run.add_argument("--account", help="only this account")
    check = sub.add_parser(
        "check", parents=[common], help="classify local messages (.eml, mbox, Maildir)"
    )
    check.add_argument("--json", action="store_true", help="one JSON object per message")
    check.add_argument("--explain", action="store_true", help="show every rule that fired and why")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    draft = sub.add_parser(
        "draft", parents=[common], help="print the draft onfile would write for a letter"
    )
    draft.add_argument("path", type=Path, metavar="PATH.eml")
    rules = sub.add_parser("rules", parents=[common], help="list or check rule files")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, metavar="list|check")
    rules_sub.add_parser(
        "list", parents=[common], help="the effective rules and where each comes from"
    )
    rules_check = rules_sub.add_parser("check", parents=[common], help="validate rule files")
    rules_check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    doctor = sub.add_parser(
        "doctor", parents=[common], help="check config, credentials, TLS, login, folders"
    )
    doctor.add_argument("--account", help="only this account")
    history = sub.add_parser("history", parents=[common], help="the rejections seen so far")
    history.add_argument("--json", action="store_true", help="one JSON object per rejection")
    sub.add_parser("status", parents=[common], help="what the service has done, per account")
    password = sub.add_parser(
        "password", parents=[common], help="store an account's password in the keyring"
    )
    password_sub = password.add_subparsers(dest="password_command", required=True, metavar="set")
    password_set = password_sub.add_parser(
        "set", parents=[common], help="store the password (asked for, or read from stdin)"
    )
    password_set.add_argument("account")
    return parser


def _config_path(args: argparse.Namespace) -> tuple[Path, bool]:
    from onfile.paths import config_path

    if args.config:
        return args.config.expanduser(), True
    return config_path(), "ONFILE_CONFIG" in os.environ


def load_user_config(args: argparse.Namespace, *, required: bool) -> Config | None:
    """The config; a missing default file is fine for commands that can run without one."""
    path, explicit = _config_path(args)
    if not path.is_file() and not explicit and not required:
        return None
    return load_config(path)


def _sample_config(args: argparse.Namespace) -> Config:
    """Defaults for commands that run without a config file; the user's rules/ and drafts/
    folders beside the default config path still apply."""
    return Config(path=_config_path(args)[0], identity=SAMPLE_IDENTITY)


def _engine_without_config(args: argparse.Namespace) -> Engine:
    return load_engine(_sample_config(args))


def _engine(args: argparse.Namespace) -> Engine:
    config = load_user_config(args, required=False)
    return load_engine(config) if config else _engine_without_config(args)


def cmd_check(args: argparse.Namespace) -> int:
    engine = _engine(args)
    config = engine.config
    from onfile.detect import detect

    failures = 0
    for path in args.paths:
        for label, raw in read_messages(path):
            if isinstance(raw, str):
                failures += 1
                _emit_error(args, label, raw)
                continue
            try:
                message = parse_message(raw)
            except MessageError as exc:
                failures += 1
                _emit_error(args, label, str(exc))
                continue
            detection = detect(engine.rules, message, config.threshold, config.identity.addresses)
            if args.json:
                print(
                    json.dumps(detection_json(label, message, detection), ensure_ascii=False),
                    flush=True,
                )
            elif args.explain:
                print(explain(label, message, detection) + "\n", flush=True)
            else:
                verdict = "rejection" if detection.is_rejection else "other"
                print(f"{verdict:<9} {detection.score:6.1f}  {label}", flush=True)
    return 1 if failures else 0


def _emit_error(args: argparse.Namespace, label: str, error: str) -> None:
    if args.json:
        print(json.dumps({"path": label, "error": error}, ensure_ascii=False), flush=True)
    else:
        print(f"onfile: {label}: {error}", file=sys.stderr, flush=True)


def cmd_draft(args: argparse.Namespace) -> int:
    config = load_user_config(args, required=False)
    if config is None:
        print(
            f"onfile: note: no config file, so the draft is signed by the sample identity {SAMPLE_IDENTITY.name}; set [identity] in your config",
            file=sys.stderr,
        )
    engine = load_engine(config) if config else _engine_without_config(args)
    messages = list(read_messages(args.path))
    if len(messages) != 1:
        raise OnfileError(
            f"{args.path}: give one message file (.eml), not a folder or mbox of {len(messages)}"
        )
    label, raw = messages[0]
    if isinstance(raw, str):
        raise OnfileError(f"{label}: {raw}")
    decision = decide(engine, parse_message(raw), datetime.now(UTC))
    if decision.draft is None:
        print(f"no draft: {decision.reason}")
        return 0
    sys.stdout.write(decision.draft.raw.decode("utf-8", errors="replace"))
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    config = load_user_config(args, required=False)
    dirs = rule_dirs(config or _sample_config(args))
    if args.rules_command == "check":
        # Given files are checked together with the effective set, replacing same-named files,
        # so a file that only disables or rescores shipped rules checks as it will load.
        ruleset = load_rules(dirs, args.paths)
        names = {p.name for p in args.paths}
        files = [p for p in rule_files(dirs) if p.name not in names] + list(args.paths)
        print(f"OK: {len(ruleset.rules)} rules in {len(files)} files")
        return 0
    ruleset = load_rules(dirs)
    rows = [
        [r.id, f"{r.score:+g}", r.field, r.language, f"{r.source}:{r.line}"] for r in ruleset.rules
    ]
    print(table(rows, ["rule", "score", "field", "lang", "from"]))
    return 0


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.rstrip("\n").split("\n"))


def _facts_known(outcome: Outcome) -> int:
    if outcome.decision is None:
        return 0
    facts = outcome.decision.detection.facts
    return sum(bool(v) for v in (facts.company, facts.role, facts.recruiter))


def cmd_demo(args: argparse.Namespace) -> int:
    from onfile import demo

    if not args.debug:
        logging.getLogger("onfile").setLevel(logging.WARNING)  # the table says it all
    result = demo.run(args.dir, datetime.now(UTC))
    rows = []
    for outcome in result.report.outcomes:
        decision = outcome.decision
        letter = result.letters.get(outcome.message_id, outcome.message_id)
        if decision is None:
            rows.append([letter, "error", "", outcome.reason, ""])
            continue
        detection = decision.detection
        rules = ", ".join(h.rule.id for h in detection.hits[:3]) or "-"
        draft = (
            f"to {decision.draft.to or '(no-reply: left empty)'}"
            if outcome.status == "drafted" and decision.draft
            else "-"
        )
        verdict = "rejection" if detection.is_rejection else "other"
        rows.append([letter, verdict, f"{detection.score:g}", rules, draft])
    rows.sort()
    print(f"onfile demo: {len(rows)} sample letters in {result.folder / 'Mail'}\n")
    print(
        table(rows, ["letter", "verdict", "score", "rules that fired (strongest first)", "draft"])
    )
    drafted = [o for o in result.report.outcomes if o.status == "drafted"]
    print(f"\n{len(drafted)} drafts written to {result.drafts}")
    shown = [o for o in drafted if o.decision and o.decision.draft]
    if shown:
        first = max(shown, key=_facts_known)  # the most personal draft shows the most
        assert first.decision and first.decision.draft
        print(f"\nThe draft for {result.letters.get(first.message_id)}:\n")
        print(_indented(first.decision.draft.raw.decode().split("\n\n", 1)[1]))
    print(
        f"\nTry: onfile check --explain {result.folder / 'Mail'}   (why each letter got its verdict)"
    )
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    from onfile.credentials import store_password

    config = load_user_config(args, required=False)
    if config and args.account not in {a.name for a in config.accounts}:
        raise ConfigError(
            f"{config.path}: no account named {args.account!r}; names are {', '.join(a.name for a in config.accounts) or 'none'}"
        )
    if sys.stdin.isatty():
        secret = getpass.getpass(f"password for {args.account}: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise OnfileError("empty password; nothing stored")
    backend = store_password(args.account, secret)
    print(f"stored the password for {args.account} in the keyring ({backend})")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from onfile.watch import run_once, run_service

    config = load_user_config(args, required=True)
    assert config is not None
    accounts = config.accounts
    if args.account:
        accounts = tuple(a for a in accounts if a.name == args.account)
        if not accounts:
            raise ConfigError(f"{config.path}: no account named {args.account!r}")
    if not accounts:
        raise ConfigError(
            f"{config.path}: no [[account]] configured; add one (see README, Configuration)"
        )
    if not (args.once or args.dry_run):
        return run_service(config, accounts, args.account)
    failed = 0
    for result in run_once(config, accounts, dry_run=args.dry_run):
        if result.report is None:
            failed += 1
            print(f"onfile: {result.error}", file=sys.stderr)
            continue
        for outcome in result.report.outcomes:
            if args.dry_run or outcome.status not in ("other",):
                decision = outcome.decision
                subject = decision.message.subject if decision else ""
                score = f"{decision.detection.score:g}" if decision else "-"
                print(
                    f"{result.account}  {outcome.folder}  UID {outcome.uid}  {outcome.status:<11} score {score:<5} {subject[:60]!r}: {outcome.reason}"
                )
                if outcome.status == "would-draft" and decision and decision.draft:
                    print(_indented(decision.draft.raw.decode("utf-8", errors="replace")))
        report = result.report
        print(
            f"{result.account}: {len(report.outcomes)} new messages, "
            f"{sum(1 for o in report.outcomes if o.decision and o.decision.detection.is_rejection)} rejections, "
            f"{report.count('would-draft' if args.dry_run else 'drafted')} drafts {'would be ' if args.dry_run else ''}written, "
            f"{report.count('failed')} failed"
        )
    return 1 if failed else 0


def cmd_history(args: argparse.Namespace) -> int:
    from onfile.history import history_lines

    for line in history_lines(as_json=args.json):
        print(line)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from onfile.history import status_lines

    for line in status_lines():
        print(line)
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from onfile.doctor import run_checks

    path, _ = _config_path(args)
    failed = 0
    for ok, line in run_checks(path, args.account):
        print(f"{'OK  ' if ok else 'FAIL'} {line}", flush=True)
        failed += 0 if ok else 1
    return 1 if failed else 0


COMMANDS = {
    "check": cmd_check,
    "draft": cmd_draft,
    "rules": cmd_rules,
    "demo": cmd_demo,
    "password": cmd_password,
    "run": cmd_run,
    "history": cmd_history,
    "status": cmd_status,
    "doctor": cmd_doctor,
}


class _JournalFormatter(logging.Formatter):
    """Prefixes sd-daemon(3) priorities ("<4>") so `journalctl -p warning` filters our lines."""

    PRIORITY: ClassVar[dict[int, int]] = {
        logging.DEBUG: 7,
        logging.INFO: 6,
        logging.WARNING: 4,
        logging.ERROR: 3,
    }

    def format(self, record: logging.LogRecord) -> str:
        return f"<{self.PRIORITY.get(record.levelno, 2)}>{super().format(record)}"


def setup_logging(debug: bool) -> None:
    """Log to stderr; journald adds its own timestamps, so leave them out under it."""
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("JOURNAL_STREAM"):
        handler.setFormatter(_JournalFormatter("%(levelname)s %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO, handlers=[handler], force=True
    )
    if not debug:
        for noisy in ("imapclient", "keyring", "mailparser"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Run onfile with `argv`; returns the exit code."""
    args = _parser().parse_args(argv)
    setup_logging(args.debug)
    try:
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"onfile: {problem}", file=sys.stderr)
        if args.debug:
            log.exception("details")
        return exc.exit_code
    except OnfileError as exc:
        print(f"onfile: {exc}", file=sys.stderr)
        if args.debug:
            log.exception("details")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
