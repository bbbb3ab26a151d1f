"""Logging for every daiban process: structlog renders stdlib records too, to stderr.

One format for the CLI, the service and (later) the bot, so an operator reads one kind
of line; personal data never reaches a log record (the components mask it first).
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

_ID_NUMBER = re.compile(r"(?<!\d)(\d{3})\d{11}(\d{3}[\dXx])(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_BOT_TOKEN = re.compile(r"(?<!\d)(\d{5,}):[A-Za-z0-9_-]{20,}")
_QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "aiosqlite": logging.INFO}
"""httpx logs every request URL at INFO, and a Bot API URL holds the bot's token."""


def scrub(text: str) -> str:
    """Mask ID numbers (first 3, last 4), mobile numbers and bot tokens in a log line."""
    text = _ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 11}{m[2]}", text)
    text = _MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)
    return _BOT_TOKEN.sub(lambda m: f"{m[1]}:********", text)


def _scrub_event(_logger: Any, _name: str, event: dict[str, Any]) -> dict[str, Any]:
    """A last line of defence: components mask personal data before logging, and this
    masks whatever slipped through in the rendered message and string fields."""
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = scrub(value)
    return event


def configure_logging(level: str = "INFO", *, json: bool = False) -> None:
    shared: list[structlog.typing.Processor] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.format_exc_info,
        _scrub_event,
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    ))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name, quiet in _QUIET.items():
        logging.getLogger(name).setLevel(max(quiet, root.level))
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
