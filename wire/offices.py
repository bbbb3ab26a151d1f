"""The district's offices as the API shows them."""

from __future__ import annotations

from pydantic import Field

from wire.base import WireModel


class OfficeView(WireModel):
    code: str = Field(examples=["110117108201"])
    tier: str
    kind: str
    name_zh: str
    name_en: str
    parent_code: str | None
    address: str
    phone: str
    opening_hours: str
    slot_minutes: int
    slot_capacity: int
    travel_minutes_to_town: int
    travel_minutes_to_district: int


class OfficeNode(WireModel):
    office: OfficeView
    children: list[OfficeNode] = Field(default_factory=list)


class OfficeTree(WireModel):
    roots: list[OfficeNode]
    count: int
