"""``python -m cdkg``: the command line."""

import sys

from cdkg.cli import main

sys.exit(main())
