"""One module per screen; each has a .tcss file of the same name beside it."""
