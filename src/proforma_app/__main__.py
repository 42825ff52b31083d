"""``python -m proforma_app`` runs the command line, like the ``proforma`` script."""

from proforma_app.cli import main

raise SystemExit(main())
