"""Use cases shared by the TUI and the CLI: one code path each. They enforce roles and write the audit log."""
