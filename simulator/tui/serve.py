"""Serving the app to web browsers with textual-serve (an optional dependency)."""

from __future__ import annotations


class ServeUnavailable(RuntimeError):
    """textual-serve is not installed."""


def serve(command: str, *, host: str, port: int) -> None:
    """Run each browser session as `command`; blocks until interrupted."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise ServeUnavailable(
            "serving needs textual-serve, which is not installed; "
            "install it with: pip install 'collector-sim[serve]'"
        ) from None
    server = Server(command, host=host, port=port, title="collector-sim")
    print(f"collector-sim is served at http://{host}:{port} (Ctrl+C to stop)", flush=True)
    server.serve()
