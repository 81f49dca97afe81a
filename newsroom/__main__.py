"""`python -m newsroom` is the same as the `newsroom` command."""

import sys

from newsroom.cli import entry

sys.exit(entry())
