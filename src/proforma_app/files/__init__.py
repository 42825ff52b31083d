"""Drafts on disk: the file format and its upgrades, atomic saves, recovery copies, the
one-window-per-draft lock and the identity of the processes that write them."""
