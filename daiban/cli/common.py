"""What every command shares: the settings, the console, the error type."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from daiban.settings import Settings, load_settings

T = TypeVar("T")


class CliError(click.ClickException):
    """A failure the operator can act on; printed as one line, exit code 1 by default."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class CliState:
    """Carried in click's context; settings are read on first use, not at import."""

    env_file: Path
    debug: bool = False
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.env_file)
        return self._settings


def state(ctx: click.Context) -> CliState:
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):  # a command invoked outside the root group
        obj = CliState(env_file=Path(".env"))
        ctx.find_root().obj = obj
    return obj


def console() -> Console:
    """Rich output to stdout; plain text when stdout is not a terminal."""
    return Console(highlight=False, soft_wrap=True)


def run_async(make: Callable[..., Awaitable[T]], *args: Any) -> T:
    return asyncio.run(make(*args))  # type: ignore[arg-type]
