"""Build the patient leaflets: ``python make_leaflets.py --help``."""

import sys

from leaflets.cli import main, stop_on_terminate

if __name__ == "__main__":
    stop_on_terminate()
    sys.exit(main())
