"""`python -m onfile`: the same entry point as the `onfile` command."""

import sys

from onfile.cli import main

sys.exit(main())
