"""counter_tui: the service-counter app of a Disdukcapil office (queue, KTP-el cases, blank stock)."""

__version__ = "0.1.0"
