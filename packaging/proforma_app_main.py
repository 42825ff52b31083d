"""Entry script of the bundled desktop app: PyInstaller freezes a script, not an entry point."""

import sys

from proforma_app.entry import main

sys.exit(main())
