"""Judging: Article -> Findings. Checks, the runner, configuration, resolvers, reporters, CLI."""

__version__ = "0.1.0"
