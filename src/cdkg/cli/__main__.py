"""``python -m cdkg.cli``: the ``cdkg`` command without the installed script."""

import sys

from cdkg.cli import main

sys.exit(main())
