"""Base models: strict bodies ("5" is not an integer), lenient query strings."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class WireModel(BaseModel):
    """A JSON body in or out: unknown fields and wrong types are errors, not guesses."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class QueryModel(BaseModel):
    """Query-string parameters arrive as text, so they are converted; unknown ones refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorBody(WireModel):
    """Every error answer: a stable machine code, an English message for developers, and
    details naming the field and the reason. Words for users come from texts/."""

    code: str = Field(examples=["catalog.unknown_matter"])
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class LocalText(WireModel):
    zh: str
    en: str
