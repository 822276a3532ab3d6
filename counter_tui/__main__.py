"""`python -m counter_tui` runs the same CLI as the `counter-tui` script."""

from counter_tui.cli import main

main()
