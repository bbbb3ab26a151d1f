"""Followers of a case and the one-time link that makes one, as the API shows them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from wire.base import WireModel
from wire.residents import Language


class FollowLinkView(WireModel):
    """Whoever sends `/start <code>` to the bot before it expires follows the case."""

    code: str
    case_id: str
    expires_at: dt.datetime


class FollowBody(WireModel):
    code: str = Field(min_length=1, max_length=64)
    messaging_id: str = Field(min_length=1, max_length=32, pattern=r"^[0-9]+$")
    name: str = Field(min_length=1, max_length=100)
    language: Language = "zh"


class FollowerView(WireModel):
    id: str
    case_id: str
    name: str | None
    messaging_id: str | None = Field(description="Shown to the bot itself only.")
    language: str | None
    joined_at: dt.datetime | None
    removed_at: dt.datetime | None
    case_number: str | None = Field(default=None, description="The followed case's public "
                                    "number, for the words that confirm following it.")
    matter_code: str | None = Field(default=None, description="The followed case's matter.")


class FollowerList(WireModel):
    followers: list[FollowerView]
