"""The standard elements of a government service matter (事项要素), as pydantic models.

Field names follow shared/domain.md §A1 and §A5. Every model forbids unknown keys, so a
typo in a data file is an error with its path, not a silently ignored field. Numbers
that are estimates for a realistic district (not law) carry `estimate: true`, so the
data never passes a guess off as a rule.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Model):
    """A sentence in both languages of the interface; Chinese is the source."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class MatterKind(StrEnum):
    """The legal kind of a matter (事项类型)."""

    PERMIT = "administrative_permit"  # 行政许可
    PAYMENT = "administrative_payment"  # 行政给付
    CONFIRMATION = "administrative_confirmation"  # 行政确认
    PUBLIC_SERVICE = "public_service"  # 公共服务
    OTHER_POWER = "other_administrative_power"  # 其他行政权力
    BUNDLE = "bundle"  # "一件事" life-event bundle across departments


class Tier(StrEnum):
    """The catalog's own names for the tiers; the case service maps them to its own."""

    VILLAGE = "village"
    TOWN = "town"
    DISTRICT = "district"


class StepAction(StrEnum):
    """What a tier does at one step of the route."""

    ACCEPT = "accept"  # 受理: take the request and the materials
    REVIEW = "review"  # 审核/初审: check and forward
    APPROVE = "approve"  # 审批/核定: the deciding sign-off
    DECIDE = "decide"  # 决定/办结: the deciding act (即办 matters too)
    DELIVER = "deliver"  # 送达: hand the result back

    @property
    def decides(self) -> bool:
        return self in (StepAction.APPROVE, StepAction.DECIDE)


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"  # 工作日
    NATURAL_DAYS = "natural_days"  # 自然日


class TimeLimit(_Model):
    """A promised (承诺) or legal (法定) time limit. 0 means handled on the spot (即办)."""

    days: int = Field(ge=0)
    unit: LimitUnit = LimitUnit.WORKING_DAYS
    estimate: bool = False
    note: Text | None = None


class Requirement(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    LATER = "later"  # 容缺后补: may come after acceptance


class Material(_Model):
    """One item the villager brings; originals and copies counted separately."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    originals: int = Field(default=0, ge=0)
    copies: int = Field(default=0, ge=0)
    requirement: Requirement = Requirement.REQUIRED
    station_keeps_original: bool = False
    note: Text | None = None


class FieldType(StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    PHOTO = "photo"


class Choice(_Model):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    label: Text


class FormField(_Model):
    """One question of the booking form. `sensitive` fields are never asked in chat."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Text
    type: FieldType
    required: bool = True
    hint: Text | None = None
    choices: list[Choice] = Field(default_factory=list)
    sensitive: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = Field(default=200, ge=1, le=2000)


class RouteStep(_Model):
    """One tier's part in handling the matter, with its own limit in working days."""

    tier: Tier
    action: StepAction
    limit_days: int = Field(ge=0)
    note: Text | None = None


class ClockStopKind(StrEnum):
    PUBLIC_NOTICE = "public_notice"  # 公示
    ASSESSMENT = "assessment"  # 鉴定/评估 by a hospital or experts
    HOME_INVESTIGATION = "home_investigation"  # 入户调查
    HEARING = "hearing"  # 听证/民主评议
    EXTERNAL = "external"  # another body's work: card making, bank, city review
    CORRECTION = "correction"  # 补正: waiting for the applicant's material


class ClockStop(_Model):
    """A step that does not count against the time limit (不计入办理时限)."""

    kind: ClockStopKind
    days: int | None = Field(default=None, ge=0)
    unit: LimitUnit = LimitUnit.NATURAL_DAYS
    note: Text | None = None


class Fee(_Model):
    yuan: float = Field(default=0, ge=0)
    note: Text | None = None


class Trips(_Model):
    """到现场次数: visits the villager still makes with proxy handling, and why."""

    count: int = Field(default=0, ge=0)
    reason: Text | None = None


class Faq(_Model):
    question: Text
    answer: Text


class Matter(_Model):
    """A matter as the district publishes it in its implementation list (实施清单)."""

    code: str = Field(pattern=r"^[A-Z]{2}[0-9]{2}$")
    implementation_code: str = Field(min_length=1)
    kind: MatterKind
    name: Text
    department: Text
    description: Text
    eligibility: Text
    legal_basis: Text | None = None
    materials: list[Material]
    form: list[FormField] = Field(default_factory=list)
    route: list[RouteStep] = Field(min_length=1)
    promised_limit: TimeLimit
    legal_limit: TimeLimit | None = None
    clock_stops: list[ClockStop] = Field(default_factory=list)
    fee: Fee = Fee()
    trips: Trips = Trips()
    home_visit: bool = False
    faq: list[Faq] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    source: str | None = None

    @property
    def deciding_tier(self) -> Tier | None:
        deciding = [step.tier for step in self.route if step.action.decides]
        return deciding[-1] if deciding else None

    @property
    def public_notice_days(self) -> int:
        return sum(
            stop.days or 0 for stop in self.clock_stops if stop.kind is ClockStopKind.PUBLIC_NOTICE
        )


class Category(_Model):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    order: int = 0


class CategoryFile(_Model):
    """One data file: a category and its matters."""

    category: Category
    matters: list[Matter] = Field(min_length=1)
