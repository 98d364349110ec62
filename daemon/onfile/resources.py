"""Where the shipped data lives: inside the installed package (the wheel carries `rules/` and
`drafts/` there), or at the top of a source checkout for an editable install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """Return the shipped `rules`, `drafts` or `demo_letters` folder."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"shipped {name}/ not found beside {_PACKAGE}: reinstall onfile")
