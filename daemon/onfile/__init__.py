"""onfile: turns job rejection letters into warm, threaded reply drafts you review and send."""

__version__ = "0.1.0"
