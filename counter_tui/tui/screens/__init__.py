"""Screens of the counter app."""
