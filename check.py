"""Check this copy of the dataset with Python alone: python3 check.py (the README's first command).

In a release this file is the checker itself (scripts/package/check.py, standard library only). In the repository it
runs that checker on the published files, without SHA256SUMS, which only a release has; `make verify` also rebuilds
the facts and compares the result byte for byte.
"""

import sys
from pathlib import Path

from scripts.package.check import main

sys.exit(main(sys.argv[1:] or [str(Path(__file__).resolve().parent)], release=False))
