import sys
from pathlib import Path

# tests/browser.py is a helper module the browser tests import
sys.path.insert(0, str(Path(__file__).parent))
