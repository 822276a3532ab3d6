"""The Textual front end: a thin layer over counter_tui.services. Imported only by the commands that open a screen."""
