"""Each module here is one subcommand exposing ``register(subparsers)``.

Modules import their heavy dependencies inside ``run`` so that ``collector-sim``
starts fast whatever the command.
"""
