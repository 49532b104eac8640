"""Run the command line with ``python -m cdkg.cli``."""

import sys

from cdkg.cli import main

sys.exit(main())
