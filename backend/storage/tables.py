"""The case service's tables, as SQLAlchemy Core: repositories map rows to domain types."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware instant, stored in UTC: SQLite keeps no offset, so every instant is
    converted to UTC on the way in and read back as UTC, on both databases alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

offices = Table(
    "offices",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("tier", String(16), nullable=False, index=True),
    Column("kind", String(24), nullable=False),
    Column("name_zh", String(100), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column(
        "parent_code",
        String(32),
        ForeignKey("offices.code", ondelete="RESTRICT"),
        nullable=True,
        index=True,
    ),
    Column("address", String(300), nullable=False),
    Column("phone", String(40), nullable=False),
    Column("opening_hours", String(100), nullable=False),
    Column("slot_minutes", Integer, nullable=False),
    Column("slot_capacity", Integer, nullable=False),
    Column("travel_minutes_to_town", Integer, nullable=False),
    Column("travel_minutes_to_district", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False, server_default=func.now()),
    Column("updated_at", UtcDateTime(), nullable=False, server_default=func.now()),
    CheckConstraint("tier IN ('district', 'town', 'village')", name="tier"),
    CheckConstraint("slot_minutes > 0 AND slot_capacity > 0", name="slots"),
    CheckConstraint(
        "travel_minutes_to_town >= 0 AND travel_minutes_to_district >= 0", name="travel"
    ),
)

# --- the case service (migration 0002) -------------------------------------------------

counters = Table(
    "counters",
    metadata,
    # "feed" for event-feed positions; "case:<prefix>:<year>" for public case numbers.
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

residents = Table(
    "residents",
    metadata,
    Column("id", String(36), primary_key=True),
    # The messaging-app user id; NULL once the resident's personal data is erased.
    Column("messaging_id", String(32), nullable=True, unique=True),
    Column("name", String(100), nullable=True),
    Column("phone", String(32), nullable=True),
    Column("id_number_enc", Text, nullable=True),
    Column("id_number_hash", String(64), nullable=True, index=True),
    Column("village_code", String(32), ForeignKey("offices.code"), nullable=True, index=True),
    Column("language", String(8), nullable=False),
    Column("reachable", Boolean, nullable=False),
    Column("notice_prefs", JSON, nullable=False),
    Column("erased_at", UtcDateTime(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("resident_id", String(36), ForeignKey("residents.id"), nullable=False, index=True),
    # "privacy" (the notice) or "sensitive" (the separate consent the PIPL asks for).
    Column("kind", String(16), nullable=False),
    Column("notice_version", String(32), nullable=False),
    Column("given_at", UtcDateTime(), nullable=False),
    Column("withdrawn_at", UtcDateTime(), nullable=True),
    # Staff who took the consent in person at the counter; NULL when given in the chat.
    Column("recorded_by", String(36), ForeignKey("staff.id"), nullable=True),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("messaging_id", String(32), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("office_code", String(32), ForeignKey("offices.code"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # The language the bot speaks to them in (their prompts and notices).
    Column("language", String(8), nullable=False, server_default="zh"),
    UniqueConstraint("messaging_id", "office_code", name="uq_staff_person_office"),
)

staff_invites = Table(
    "staff_invites",
    metadata,
    Column("id", String(36), primary_key=True),
    # sha256 of the one-time code: the code itself is shown once and never stored.
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("office_code", String(32), ForeignKey("offices.code"), nullable=False),
    Column("role", String(16), nullable=False),
    # NULL: made by the operator on the CLI.
    Column("created_by", String(36), ForeignKey("staff.id"), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime(), nullable=True),
    Column("used_by", String(36), ForeignKey("staff.id"), nullable=True),
)

staff_audit = Table(
    "staff_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False, index=True),
    # invited, joined, retired (case reassignments are case events of their own).
    Column("action", String(16), nullable=False),
    # The staff member who did it; NULL: the operator on the CLI, or the joiner themself.
    Column("actor_id", String(36), ForeignKey("staff.id"), nullable=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=True),
    Column("office_code", String(32), ForeignKey("offices.code"), nullable=False, index=True),
    Column("role", String(16), nullable=True),
    Column("detail", JSON, nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("resident_id", String(36), ForeignKey("residents.id"), nullable=False, index=True),
    Column("matter_code", String(8), nullable=False),
    Column("answers", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    # open -> submitted; a submitted draft points at its one case.
    Column("status", String(16), nullable=False),
    Column("case_id", String(36), nullable=True, unique=True),
    Column("registered_by", String(36), ForeignKey("staff.id"), nullable=True),
    Column("authorization", JSON, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

slots = Table(
    "slots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("office_code", String(32), ForeignKey("offices.code"), nullable=False),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("booked", Integer, nullable=False),
    UniqueConstraint("office_code", "starts_at", name="uq_slots_office_start"),
    CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("number", String(32), nullable=False, unique=True),
    Column("resident_id", String(36), ForeignKey("residents.id"), nullable=False, index=True),
    Column("matter_code", String(8), nullable=False, index=True),
    Column("station_code", String(32), ForeignKey("offices.code"), nullable=False, index=True),
    Column("office_code", String(32), ForeignKey("offices.code"), nullable=False, index=True),
    Column("state", String(24), nullable=False, index=True),
    Column("step", Integer, nullable=False),
    Column("holder_id", String(36), nullable=True, index=True),
    Column("return_count", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    # The workflow snapshot (route, offices, clocks, pauses) as the domain defines it.
    Column("workflow", JSON, nullable=False),
    Column("answers", JSON, nullable=False),
    # slot | drop_off | home_visit
    Column("booking_kind", String(16), nullable=False),
    Column("slot_id", Integer, ForeignKey("slots.id"), nullable=True),
    Column("booking_note", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # Position in the feed, drawn from counters["feed"] in the writing transaction.
    Column("position", BigInteger, nullable=False, unique=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("action", String(32), nullable=False),
    Column("actor_id", String(36), nullable=False),
    Column("acting_role", String(16), nullable=False),
    Column("from_state", String(24), nullable=True),
    Column("to_state", String(24), nullable=False),
    Column("office_code", String(32), nullable=False),
    Column("to_office_code", String(32), nullable=False),
    Column("step", Integer, nullable=False),
    Column("to_step", Integer, nullable=False),
    Column("holder_id", String(36), nullable=True),
    Column("reason", Text, nullable=True),
    Column("data", JSON, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    UniqueConstraint("case_id", "version", name="uq_case_events_case_version"),
)

custody = Table(
    "custody",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
    Column("material_key", String(64), nullable=False),
    # Who holds the original after this handover: resident, or an office code.
    Column("from_party", String(36), nullable=False),
    Column("to_party", String(36), nullable=False),
    Column("confirmed_by", String(36), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

followers = Table(
    "followers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
    # sha256 of the one-time follow code the villager shared; the code is never stored.
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    # Filled when a family member opens the link; removed_at when the villager ends it.
    Column("messaging_id", String(32), nullable=True, index=True),
    Column("name", String(100), nullable=True),
    Column("language", String(8), nullable=True),
    Column("joined_at", UtcDateTime(), nullable=True),
    Column("removed_at", UtcDateTime(), nullable=True),
)

carry_runs = Table(
    "carry_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("station_code", String(32), ForeignKey("offices.code"), nullable=False),
    Column("to_office_code", String(32), ForeignKey("offices.code"), nullable=False),
    # The station's working day (district time) and the run's number on it.
    Column("day", Date, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("departed_at", UtcDateTime(), nullable=True),
    Column("departed_by", String(36), ForeignKey("staff.id"), nullable=True),
    UniqueConstraint("station_code", "to_office_code", "day", "seq",
                     name="uq_carry_runs_station_to_day_seq"),
)

carry_run_items = Table(
    "carry_run_items",
    metadata,
    Column("run_id", Integer, ForeignKey("carry_runs.id"), primary_key=True),
    Column("case_id", String(36), ForeignKey("cases.id"), primary_key=True),
    Column("added_at", UtcDateTime(), nullable=False),
    Column("received_at", UtcDateTime(), nullable=True),
    Column("received_by", String(36), ForeignKey("staff.id"), nullable=True),
    Column("missing_at", UtcDateTime(), nullable=True),
    Column("missing_by", String(36), ForeignKey("staff.id"), nullable=True),
)

call_tasks = Table(
    "call_tasks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False),
    # The event whose news the station passes on (the case's version after it).
    Column("version", Integer, nullable=False),
    Column("resident_id", String(36), ForeignKey("residents.id"), nullable=False),
    Column("station_code", String(32), ForeignKey("offices.code"), nullable=False,
           index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("done_at", UtcDateTime(), nullable=True),
    Column("done_by", String(36), ForeignKey("staff.id"), nullable=True),
    # reached (by phone) or visited; a failed try only counts an attempt.
    Column("outcome", String(16), nullable=True),
    Column("note", Text, nullable=True),
    UniqueConstraint("case_id", "version", name="uq_call_tasks_case_version"),
)

call_log = Table(
    "call_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
    Column("staff_id", String(36), ForeignKey("staff.id"), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

idempotency = Table(
    "idempotency",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    # running -> done; a repeat of a running key is refused (409).
    Column("status", String(16), nullable=False),
    Column("response_status", Integer, nullable=True),
    Column("response_body", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False, index=True),
)
