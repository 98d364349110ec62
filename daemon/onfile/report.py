"""Decisions as the user sees them: the `check --json` object of the contract, the `--explain`
text, and the demo's table. Pure: values in, strings and dicts out."""

from __future__ import annotations

from typing import Any

from onfile.detect import Detection
from onfile.message import Message


def detection_json(path: str, message: Message, detection: Detection) -> dict[str, Any]:
    """One line of `onfile check --json`, exactly as the contract names its keys."""
    facts = detection.facts
    return {
        "path": path,
        "message_id": message.message_id or None,
        "verdict": "rejection" if detection.is_rejection else "other",
        "score": detection.score,
        "threshold": detection.threshold,
        "hits": [
            {"rule": h.rule.id, "score": h.rule.score, "field": h.field, "excerpt": h.excerpt}
            for h in detection.hits
        ],
        "company": facts.company,
        "role": facts.role,
        "recruiter": facts.recruiter,
        "reply_to": facts.reply_to,
        "language": detection.language,
    }


def explain(path: str, message: Message, detection: Detection) -> str:
    """The `fail2ban-regex` / `spamassassin -t` view of one decision."""
    facts = detection.facts
    verdict = "REJECTION" if detection.is_rejection else "other"
    relation = ">=" if detection.is_rejection else "<"
    lines = [
        f"{path}",
        f"  subject:  {message.subject or '(none)'}",
        f"  from:     {message.sender or '(none)'}",
        f"  verdict:  {verdict}  (score {detection.score:g} {relation} threshold {detection.threshold:g}, language {detection.language})",
    ]
    if detection.hits:
        lines.append("  rules that fired:")
        width = max(len(h.rule.id) for h in detection.hits)
        for hit in detection.hits:
            lines.append(
                f'    {hit.rule.score:+6.1f}  {hit.rule.id:<{width}}  {hit.field}: "{hit.excerpt}"'
            )
            lines.append(
                f"            {'':<{width}}  {hit.rule.description}  [{hit.rule.source}:{hit.rule.line}]"
            )
    else:
        lines.append("  rules that fired: none")
    lines.append(
        f"  extracted: company={facts.company or '-'}  role={facts.role or '-'}  "
        f"recruiter={facts.recruiter or '-'}  reply_to={facts.reply_to or '-'}"
    )
    return "\n".join(lines)


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain aligned text table (columns cut at 48 characters, except the last: it is not
    padded, and there it holds what must stay whole, such as `file:line`)."""
    last = len(headers) - 1
    cells = [
        [c if len(c) <= 48 or i == last else c[:47] + "…" for i, c in enumerate(row)]
        for row in [headers, *rows]
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    out = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)
