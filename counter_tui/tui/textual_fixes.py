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

6. The Footer rebuilds itself on every bindings refresh. `Footer.bindings_changed` recomposes the footer (new
   FooterKey widgets, each restyled with two virtual DOM nodes for its component classes) whenever the screen's
   bindings signal fires: on each focus change, each `refresh_bindings()`, each app focus event, even when
   nothing shown changed. On the counter screen that was 8 recomposes per ticket served, ~25,000 objects of
   cyclic garbage per ticket, and full garbage collections of 90-150 ms that stalled the event loop (issue 11).
   Fix: recompose only when what the footer shows changed; when only some keys became enabled or disabled (the
   counter's F8 panel disables the other counter keys), flip those keys' `-disabled` class in place. Signals
   that fire before the footer got to update share one update.

7-9. Cyclic garbage on every frame. Most of what a frame allocates is freed by reference counting, but three
   Textual habits put it in reference cycles, which only the cyclic garbage collector frees: a collection of
   the oldest generation then took 90-150 ms, often enough to be the counter's longest event-loop stall.
   7. `Strip.divide` caches `[self]` in the strip's own `_divide_cache` when there is nothing to cut (the
      common case for every line the compositor places), so every such strip, with its seven caches and its
      segments, is a cycle. Fix: return a new `[self]` without caching it.
   8. `Compositor._arrange_root` defines the recursive closure `add_widget`, which refers to itself through its
      own cell, so each arrangement's whole map (a MapGeometry, Regions and Sizes per widget) stays in a cycle
      after the next arrangement replaces it. Fix: the same function with `del add_widget` before it returns
      (compiled from Textual's own source; `apply()` fails loudly if that source is not the expected one).
   9. `Stylesheet._process_component_classes` builds a fresh virtual `DOMNode` (with its Styles, NodeList,
      BindingsMap, Signal, ...) for each component class every time a widget is restyled (a focus, hover or
      class change: the footer keys, the option lists, the toasts), and the previous ones become cycles.
      Fix: keep one virtual node per widget and component class and restyle it in place; the widget is still
      refreshed exactly when a component's rules changed.
   10. `LRUCache.clear` drops its dict but leaves the ring of [prev, next, key, value] links, a cycle holding
      every cached value (the DataTable clears its row and cell caches on each restyle: rendered strips,
      segments, Text). Fix: empty the links first.
"""

from __future__ import annotations

from contextlib import suppress
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
    _fix_footer_recompose()
    _fix_strip_divide_cycle()
    # Textual's source may not be 8.2.8's (or not installed as source): the counter must still start, with only
    # longer GC pauses. tests/tui/test_cyclic_garbage.py calls arrange_root_source() and fails loudly instead.
    with suppress(RuntimeError, OSError):
        _fix_arrange_closure_cycle()
    _fix_component_virtual_nodes()
    _fix_lru_clear_cycle()


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


def footer_signature(footer) -> tuple | None:
    """What Footer.compose would show, as a value: the shown bindings in order (key, its display, description,
    action, group, enabled, tooltip), then the command palette's key, and the settings that change the layout.
    None until the bindings are ready."""
    if not footer._bindings_ready or not footer.is_attached:
        return None
    app = footer.app
    active = footer.screen.active_bindings
    shown = tuple(
        (b.key, app.get_key_display(b), b.description, b.action, id(b.group), enabled, tooltip)
        for (_, b, enabled, tooltip) in active.values()
        if b.show
    )
    palette = None
    if footer.show_command_palette and app.ENABLE_COMMAND_PALETTE:
        entry = active.get(app.COMMAND_PALETTE_BINDING)
        if entry is not None:
            _, b, enabled, tooltip = entry
            palette = (b.key, app.get_key_display(b), b.description, b.action, enabled, b.tooltip)
    return (footer.compact, shown, palette)


_SIGNATURE = "_counter_tui_footer_signature"
_PENDING = "_counter_tui_footer_update_pending"


def _only_enabled_changed(old: tuple, new: tuple) -> bool:
    if old[0] != new[0] or old[2] != new[2] or len(old[1]) != len(new[1]):
        return False
    return all(a[:5] == b[:5] and a[6] == b[6] for a, b in zip(old[1], new[1], strict=True))


def _update_footer(footer) -> None:
    """Recompose the footer only if what it shows changed (see 6 above)."""
    from textual.widgets._footer import FooterKey

    footer.__dict__.pop(_PENDING, None)
    if not footer.is_attached:
        return
    new = footer_signature(footer)
    old = getattr(footer, _SIGNATURE, None)
    if new is not None and new == old:
        return
    if old is not None and new is not None and _only_enabled_changed(old, new):
        keys = [key for key in footer.query_children(FooterKey) if not key.has_class("-command-palette")]
        # In place only when every shown binding is a direct FooterKey child, in order (key groups merge
        # bindings into one child: those footers are recomposed).
        if len(keys) == len(new[1]) and all(k.action == e[3] for k, e in zip(keys, new[1], strict=True)):
            flipped = []
            for key, entry in zip(keys, new[1], strict=True):
                disabled = not entry[5]
                if key._disabled != disabled:
                    key._disabled = disabled
                    key.set_class(disabled, "-disabled", update=False)
                    flipped.append(key)
            if flipped:  # restyled in one pass: one stylesheet pass per key cost ~0.6 ms each
                footer.app.stylesheet.update_nodes(flipped)
            setattr(footer, _SIGNATURE, new)
            return
    footer.call_later(footer.recompose)


def _fix_footer_recompose() -> None:
    from textual.widgets import Footer

    original_compose = Footer.compose

    def compose(self):
        setattr(self, _SIGNATURE, footer_signature(self))
        yield from original_compose(self)

    def bindings_changed(self, screen) -> None:
        """Textual 8.2.8's Footer.bindings_changed, except that the recompose is conditional."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self.__dict__.get(_PENDING):
            # One update per refresh, however many times the signal fired before it (a focus change alone
            # fires it twice): each computes the screen's active bindings.
            self.__dict__[_PENDING] = True
            self.call_after_refresh(_update_footer, self)

    Footer.compose = compose  # type: ignore[method-assign]
    Footer.bindings_changed = bindings_changed  # type: ignore[method-assign]


def _fix_strip_divide_cycle() -> None:
    from textual.strip import Strip

    original = Strip.divide

    def divide(self, cuts):
        cell_length = self.cell_length
        cuts = [cut for cut in cuts if cut <= cell_length]
        if cuts == [cell_length]:
            return [self]
        return original(self, cuts)

    Strip.divide = divide  # type: ignore[method-assign]


ARRANGE_END = "    widgets -= invisible_widgets\n    return map, widgets\n"
_original_arrange_root = None


def arrange_root_source() -> tuple[str, int]:
    """Textual's own Compositor._arrange_root (as shipped, even once patched), with the closure's
    self-reference deleted before it returns, and the line it starts on in textual/_compositor.py."""
    import inspect
    import textwrap

    from textual._compositor import Compositor

    original = _original_arrange_root or Compositor._arrange_root
    lines, first_line = inspect.getsourcelines(original)
    source = textwrap.dedent("".join(lines))
    if source.count(ARRANGE_END) != 1 or "def add_widget(" not in source:
        raise RuntimeError("textual_fixes: Compositor._arrange_root is not Textual 8.2.8's; review fix 8")
    patched = source.replace(
        ARRANGE_END, "    widgets -= invisible_widgets\n    del add_widget\n    return map, widgets\n"
    )
    return patched, first_line


def _fix_arrange_closure_cycle() -> None:
    import __future__

    from textual import _compositor

    global _original_arrange_root
    source, first_line = arrange_root_source()
    _original_arrange_root = _compositor.Compositor._arrange_root
    code = compile(
        "\n" * (first_line - 1) + source,  # the same line numbers as Textual's file, for tracebacks
        _compositor.__file__,
        "exec",
        flags=__future__.annotations.compiler_flag,
        dont_inherit=True,
    )
    namespace: dict = {}
    exec(code, _compositor.__dict__, namespace)  # noqa: S102 (Textual's own source, one line added)
    _compositor.Compositor._arrange_root = namespace["_arrange_root"]  # type: ignore[method-assign]


_VIRTUAL_NODES = "_counter_tui_component_nodes"


def _rules_of(styles) -> tuple[dict, dict]:
    return dict(styles._base_styles._rules), dict(styles._inline_styles._rules)


def _fix_component_virtual_nodes() -> None:
    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode

    def _process_component_classes(self, node) -> None:
        """Textual 8.2.8's Stylesheet._process_component_classes, except that the virtual nodes are kept."""
        component_classes = node._get_component_classes()
        if not component_classes:
            return
        virtual_nodes = node.__dict__.setdefault(_VIRTUAL_NODES, {})
        old_component_styles = node._component_styles.copy()
        node._component_styles.clear()
        refresh_node = False
        for component in sorted(component_classes):
            virtual_node = virtual_nodes.get(component)
            if virtual_node is None:
                virtual_node = virtual_nodes[component] = DOMNode(classes=component)
                virtual_node._attach(node)
            before = _rules_of(virtual_node.styles)
            self.apply(virtual_node, animate=False)
            if not refresh_node:
                previous = old_component_styles.get(component)
                if previous is not virtual_node.styles:
                    refresh_node = previous is None or previous != virtual_node.styles
                else:
                    refresh_node = before != _rules_of(virtual_node.styles)
            node._component_styles[component] = virtual_node.styles
        if refresh_node:
            node.refresh()

    Stylesheet._process_component_classes = _process_component_classes  # type: ignore[method-assign]


def _fix_lru_clear_cycle() -> None:
    from textual.cache import LRUCache

    original = LRUCache.clear

    def clear(self) -> None:
        for link in self._cache.values():
            link.clear()
        original(self)

    LRUCache.clear = clear  # type: ignore[method-assign]
