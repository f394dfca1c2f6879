"""`python -m kohtaamo`: the command line, the same as the `kohtaamo` command."""

import sys

from kohtaamo.cli import main

sys.exit(main())
