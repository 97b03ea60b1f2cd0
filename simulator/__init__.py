"""collector-sim: a training simulator for debt-collection agents."""

# A literal (read by hatch at build time) rather than importlib.metadata at run time,
# which costs tens of milliseconds on every start of the app.
__version__ = "0.1.0"
