"""`python -m newsroom` is the same as the `newsroom` command."""

import sys

from newsroom.cli import main

sys.exit(main())
