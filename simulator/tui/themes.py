"""The app's own light and dark themes; Textual's built-in themes stay available too."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="collector-dark",
    primary="#4EA1D3",
    secondary="#C792EA",
    accent="#F0A35E",
    warning="#E5C07B",
    error="#EF6F6C",
    success="#7BC47F",
    foreground="#E3E7EC",
    background="#14181F",
    surface="#1C222B",
    panel="#252D38",
    dark=True,
)

LIGHT = Theme(
    name="collector-light",
    primary="#1F6FA8",
    secondary="#7B4BA8",
    accent="#B85C1A",
    warning="#9A6B00",
    error="#C0392B",
    success="#2E7D32",
    foreground="#1D232B",
    background="#F6F7F9",
    surface="#FFFFFF",
    panel="#E6EAF0",
    dark=False,
)

THEMES = (DARK, LIGHT)
DEFAULT_THEME = DARK.name


def opposite(theme_name: str, dark: bool) -> str:
    """The theme ctrl+t switches to: our light one from any dark theme, and back."""
    if theme_name == DARK.name:
        return LIGHT.name
    if theme_name == LIGHT.name:
        return DARK.name
    return LIGHT.name if dark else DARK.name
