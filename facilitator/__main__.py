"""`python -m facilitator`: the command line."""

import sys

from facilitator.cli import main

sys.exit(main())
