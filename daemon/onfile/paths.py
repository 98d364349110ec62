"""The XDG locations onfile reads and writes: config, user rules and templates, state."""

from __future__ import annotations

import os
from pathlib import Path


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    # The XDG spec says relative values are invalid and must be ignored.
    return Path(value) if value and Path(value).is_absolute() else Path.home() / fallback


def config_path() -> Path:
    """`$ONFILE_CONFIG`, else `$XDG_CONFIG_HOME/onfile/config.toml`."""
    explicit = os.environ.get("ONFILE_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    return _xdg("XDG_CONFIG_HOME", ".config") / "onfile" / "config.toml"


def state_dir() -> Path:
    """`$XDG_STATE_HOME/onfile`."""
    return _xdg("XDG_STATE_HOME", ".local/state") / "onfile"


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/onfile`."""
    return _xdg("XDG_CACHE_HOME", ".cache") / "onfile"
