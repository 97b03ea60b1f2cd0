"""collector-sim: a training simulator for debt-collection agents."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("collector-sim")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
