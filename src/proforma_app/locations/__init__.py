"""Where everything lives: every folder Proforma uses (``paths``) and the names it gives
the files it writes (``path_names``, pure and testable with Windows paths)."""
