"""The matter catalog as the API shows it."""

from __future__ import annotations

from pydantic import Field

from wire.base import LocalText, QueryModel, WireModel


class CategoryView(WireModel):
    key: str
    name: LocalText
    matter_count: int


class TimeLimitView(WireModel):
    days: int
    unit: str = Field(examples=["working_days"])
    estimate: bool
    note: LocalText | None = None


class MatterSummary(WireModel):
    code: str = Field(examples=["SJ01"])
    name: LocalText
    category: str
    kind: str
    department: LocalText
    promised_limit: TimeLimitView
    home_visit: bool
    trips: int


class MaterialView(WireModel):
    key: str
    name: LocalText
    originals: int
    copies: int
    requirement: str
    station_keeps_original: bool
    note: LocalText | None = None


class ChoiceView(WireModel):
    key: str
    label: LocalText


class FormFieldView(WireModel):
    key: str
    label: LocalText
    type: str
    required: bool
    sensitive: bool
    hint: LocalText | None = None
    choices: list[ChoiceView] = Field(default_factory=list)


class RouteStepView(WireModel):
    tier: str
    action: str
    limit_days: int
    note: LocalText | None = None


class ClockStopView(WireModel):
    kind: str
    days: int | None = None
    unit: str
    note: LocalText | None = None


class FaqView(WireModel):
    question: LocalText
    answer: LocalText


class MatterDetail(WireModel):
    code: str
    implementation_code: str
    name: LocalText
    category: str
    kind: str
    department: LocalText
    description: LocalText
    eligibility: LocalText
    legal_basis: LocalText | None = None
    materials: list[MaterialView]
    form: list[FormFieldView]
    route: list[RouteStepView]
    promised_limit: TimeLimitView
    legal_limit: TimeLimitView | None = None
    clock_stops: list[ClockStopView]
    fee_yuan: float
    fee_note: LocalText | None = None
    trips: int
    trips_reason: LocalText | None = None
    home_visit: bool
    faq: list[FaqView]
    aliases: list[str]


class MatterList(WireModel):
    matters: list[MatterSummary]


class CategoryList(WireModel):
    categories: list[CategoryView]


class MatterQuery(QueryModel):
    category: str | None = None


class SearchQuery(QueryModel):
    q: str = Field(min_length=1, max_length=100, description="What the villager typed.")
    lang: str = Field(default="zh", pattern="^(zh|en)$")
    limit: int = Field(default=5, ge=1, le=20)


class SearchHitView(WireModel):
    code: str
    name: LocalText
    score: float


class SearchResult(WireModel):
    hits: list[SearchHitView]
