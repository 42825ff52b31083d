"""Entry script of the bundled ``proforma`` command line (reviewers' batch runs on Windows)."""

import sys

from proforma_app.cli import main

sys.exit(main())
