"""The Textual app: practice, authoring and review over the core's public API.

Only this package imports Textual; everything it shows comes from the session, scenario
library and results store modules.
"""
