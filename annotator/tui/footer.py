"""The key footer: Textual's Footer, rebuilt only when the keys it would show change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that skips rebuilding its keys when the bindings it shows are the ones already drawn.

    Textual's Footer removes and mounts one widget per key on every focus change, screen push and pop and
    `refresh_bindings()`, though the keys are nearly always the same: opening an article rebuilt it six times.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        """Like Footer's, but rebuild only when what is shown would differ."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        """Recompose when the shown keys, their state or their labels changed since the last drawing."""
        if not self.is_attached:
            return
        shown = self._shown_keys()
        if shown == self._drawn:
            return
        self._drawn = shown
        await self.recompose()

    def _shown_keys(self) -> tuple:
        """Everything compose() reads from the bindings: each shown binding, its state, tooltip and key display."""
        app = self.app
        shown = tuple(
            (key, binding, enabled, tooltip, app.get_key_display(binding))
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
        return self.show_command_palette and app.ENABLE_COMMAND_PALETTE, shown
