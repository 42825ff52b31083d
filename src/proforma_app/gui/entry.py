"""``proforma-app``: sets the process up, then loads and runs the app.

Start-up builds some 60,000 long-lived objects (modules, Qt wrappers, the forms' pydantic
models) and little garbage; the cycle collector stays off until the first window is up
(``app._start_up_done``), and pydantic skips its scan of installed packages for plugins.
Both must happen before the app's first import, so this module does them when it is
imported: it is the entry point (``proforma-app``, the bundle, ``python -m``) and nothing
else imports it.
"""

import gc
import os
import sys

gc.disable()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from proforma_app.gui.app import main  # noqa: E402  (after the set-up above, on purpose)

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
