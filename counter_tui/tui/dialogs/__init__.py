"""Modal dialogs: one base (`BaseDialog`) with the double-submit guard, and the dialogs of each screen."""
