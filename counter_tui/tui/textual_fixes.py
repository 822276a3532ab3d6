"""Workarounds for Textual 8.2.8 bugs that hurt a counter open all day (issue 11).

Textual is pinned to exactly 8.2.8, so these patch its private code on purpose; each one says what it fixes and
`benchmarks/repro/` holds a minimal reproduction of each bug for the upstream report. `apply()` is idempotent and
is called when the app is created (never at import time, so the CLI does not pay for it).

1. Footer leak. `Footer.compose` yields `FooterKey(...).data_bind(compact=Footer.compact)`, which appends a
   watcher (node, setter) to the Footer's `__watchers["compact"]`. That list is pruned only when `compact`
   changes, so every recompose (each push/pop of a dialog) leaves the old FooterKeys and their render caches
   alive for the life of the screen: the counter screen grew by ~18 widgets per finished ticket.
   Fix: after a recompose, drop the watchers of keys that are no longer mounted.

2. Style-cache retention. `StylesCache.get_inner_outer` is an instance method under `lru_cache(1024)`, so it
   keeps up to 1024 StylesCache objects of removed widgets, with their cached lines, reachable. The result
   depends only on the two colours: cache on those.

3. Freeze. `Timer._run` never yields for a negative delay (the skip branch loops forever with `count` going
   negative), and a one-shot timer whose delay is shorter than the time between two clock reads is silently
   dropped. A toast gets such a delay when its notification expires between `ToastRack.show`'s
   `has_expired` check and `Toast.__init__`'s `time_left` read (a GC pause in that loop is enough); the app
   then sits at 100 % CPU and ignores every key. Fix: timers never get a delay under MIN_TIMER_DELAY.

4. Toast holders left behind. `ToastRack.show` removes a stale Toast (its notification is gone, e.g. it expired
   while another screen was on top) but not the ToastHolder around it, so every such toast leaves an empty
   holder, and the Toast it still references, mounted in the rack. Fix: remove the holder.

5. A focus change repaints the whole screen. `Screen.focused` is a `Reactive` with the default `repaint=True`,
   so every focus change (Tab in a form, the counter's F8 outcome panel taking the keys) marks the whole screen
   dirty and the next frame rewrites every cell of the terminal: ~40 KB at 120x40 over SSH. The repaint is
   redundant: the widget that gains or loses focus refreshes itself (`Widget._on_focus` / `_on_blur`) and
   `Screen._update_focus_styles` restyles the `:focus-within` ancestors. Fix: `focused` does not repaint
   (its watcher still refreshes the bindings).
"""

from __future__ import annotations

from functools import lru_cache

MIN_TIMER_DELAY = 0.01
"""Seconds. No timer in this app needs a shorter delay; Textual's own screen-update timer is 1/60 s."""

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    _fix_footer_watchers()
    _fix_styles_cache_retention()
    _fix_timer_delays()
    _fix_stale_toast_holders()
    _fix_focus_repaint()


def prune_footer_watchers(footer) -> int:
    """Drop the `compact` watchers of FooterKeys that are no longer in the DOM. Returns how many were dropped."""
    watchers = getattr(footer, "__watchers", {}).get("compact")
    if not watchers:
        return 0
    alive = [(node, callback) for node, callback in watchers if node.parent is not None and not node._closing]
    dropped = len(watchers) - len(alive)
    watchers[:] = alive
    return dropped


def _fix_footer_watchers() -> None:
    from textual.widgets import Footer

    original = Footer.recompose

    async def recompose(self) -> None:
        await original(self)
        prune_footer_watchers(self)

    Footer.recompose = recompose  # type: ignore[method-assign]


def _fix_styles_cache_retention() -> None:
    from textual._styles_cache import StylesCache
    from textual.style import Style

    @lru_cache(1024)
    def inner_outer(base_background, background) -> tuple[Style, Style]:
        return Style(background=base_background + background), Style(background=base_background)

    def get_inner_outer(self, base_background, background) -> tuple[Style, Style]:
        return inner_outer(base_background, background)

    StylesCache.get_inner_outer.cache_clear()
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign,assignment]


def _fix_timer_delays() -> None:
    from textual.timer import Timer

    original = Timer.__init__

    def __init__(self, event_target, interval: float, *args, **kwargs) -> None:
        original(self, event_target, max(interval, MIN_TIMER_DELAY), *args, **kwargs)

    Timer.__init__ = __init__  # type: ignore[method-assign]


def _fix_stale_toast_holders() -> None:
    from textual.css.query import NoMatches
    from textual.widgets._toast import Toast, ToastHolder, ToastRack

    def show(self, notifications) -> None:
        """Textual 8.2.8's ToastRack.show, except that a stale toast goes with its holder."""
        self.display = bool(notifications)
        for toast in self.query(Toast):
            if toast._notification not in notifications:
                holder = toast.parent
                (holder if isinstance(holder, ToastHolder) else toast).remove()
        new_toasts = []
        for notification in notifications:
            try:
                self.get_child_by_id(self._toast_id(notification))
            except NoMatches:
                if not notification.has_expired:
                    new_toasts.append(notification)
        if new_toasts:
            self.mount_all(ToastHolder(Toast(toast), id=self._toast_id(toast)) for toast in new_toasts)
            self.call_later(self.scroll_end, animate=False, force=True)

    ToastRack.show = show  # type: ignore[method-assign]


def _fix_focus_repaint() -> None:
    from textual.screen import Screen

    Screen.__dict__["focused"]._repaint = False
