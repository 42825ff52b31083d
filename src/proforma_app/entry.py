"""``proforma-app``: sets the process up, then loads and runs the app.

Start-up builds some 60,000 long-lived objects (modules, Qt wrappers, the forms' pydantic
models) and little garbage; the cycle collector stays off until the first window is up
(``app._start_up_done``), and pydantic skips its scan of installed packages for plugins.
Both must happen before the app's first import, so this module does them when it is
imported: it is the entry point (``proforma-app``, the bundle, ``python -m``) and nothing
else imports it.

It then loads the Qt-free layers before PySide6. Once PySide6 is loaded, its ``__feature__``
import hook reads the source of every module imported after it (``inspect.getsource``,
looking for "PySide6"); loading the core, the files layer, export and pydantic's own
modules first spares some 130 such reads, about 14 ms of a cold start (ADR 0001).
``tests/gui/test_start_up.py`` checks that no Qt-free module of the app is left to load
after PySide6.
"""

import gc
import os
import sys

gc.disable()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# The Qt-free modules the window uses, before PySide6 (see above).
import proforma_app.core.about  # noqa: E402
import proforma_app.core.answer_checks  # noqa: E402
import proforma_app.core.catalogue  # noqa: E402
import proforma_app.core.guidance  # noqa: E402
import proforma_app.core.kinds  # noqa: E402
import proforma_app.core.session  # noqa: E402
import proforma_app.core.wording  # noqa: E402
import proforma_app.export  # noqa: E402
import proforma_app.files.locks  # noqa: E402
import proforma_app.files.migrations  # noqa: E402
import proforma_app.files.recovery  # noqa: E402
import proforma_app.files.storage  # noqa: E402, F401
from proforma_app.gui.app import main  # noqa: E402  (after the set-up above, on purpose)

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
