"""The `daiban` command line: one group, one module per family of commands."""

from daiban.cli.app import main, run

__all__ = ["main", "run"]
