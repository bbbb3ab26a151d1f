"""What the team screens share: their buttons' data, acting as staff, showing a screen,
the office tree's lookups, and the cases someone holds.

Button data carries ids, never rights: the case service checks every call again, so a
forged [Retire] is refused there. A reassignment's button carries a case and a person,
two UUIDs that do not fit Telegram's 64 bytes as text, so `short()` packs a UUID into 22
URL-safe characters and `long()` unpacks it (anything else is an expired button).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import uuid
from collections.abc import Iterator
from typing import ClassVar
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from backend_client import As
from handlers.callbacks import CallbackData, Expired
from handlers.context import DaibanContext
from texts.names import B
from texts.render import Texts
from wire.cases import CaseView
from wire.offices import OfficeNode, OfficeTree, OfficeView
from wire.staff import StaffView

MANAGING_ROLES = ("supervisor", "admin")
"""Memberships whose offices /team lists. A menu choice, not a right: the case service
decides every invite, retirement and reassignment, whoever presses."""
ROLES = ("agent", "reviewer", "approver", "supervisor", "admin")
"""The posts an invite may offer, in the order the buttons show them."""
FORMER = "-"
"""HeldCases' holder for "whoever holds it and is no longer active at the office"."""
LIST_TAG = "team"
"""Page list ids: `team` for the offices one manages, `team<code>` for those below one."""
HELD_BACK = "team_held"
"""user_data: the held-cases list last shown, where [Back] returns after a handover."""
DISTRICT_ZONE = ZoneInfo("Asia/Shanghai")
"""Where an invite's expiry is shown (the district's time, as the booking's slots are)."""
SCAN_PAGE = 200
SCAN_PAGES = 10
"""The office queue is read in pages of SCAN_PAGE, at most SCAN_PAGES of them, to find
the cases someone holds (the queue filters by holder only for the caller's own)."""


@dataclasses.dataclass(frozen=True)
class TeamOffice(CallbackData):
    """One office's team: its active staff, [Invite], former staff's cases, below."""

    PREFIX: ClassVar[str] = "tmo"
    office: str


@dataclasses.dataclass(frozen=True)
class TeamMember(CallbackData):
    """One member's screen (`staff_id` short)."""

    PREFIX: ClassVar[str] = "tmm"
    office: str
    staff_id: str


@dataclasses.dataclass(frozen=True)
class AskRetire(CallbackData):
    """[Retire]: the confirmation, with the member as they are now."""

    PREFIX: ClassVar[str] = "tmr"
    office: str
    staff_id: str


@dataclasses.dataclass(frozen=True)
class DoRetire(CallbackData):
    """[Yes, retire] (`staff_id` short)."""

    PREFIX: ClassVar[str] = "tmx"
    staff_id: str


@dataclasses.dataclass(frozen=True)
class AskRole(CallbackData):
    """[Invite a colleague] at an office: which post?"""

    PREFIX: ClassVar[str] = "tmi"
    office: str


@dataclasses.dataclass(frozen=True)
class DoInvite(CallbackData):
    """A post chosen: make the one-time code."""

    PREFIX: ClassVar[str] = "tmc"
    office: str
    role: str


@dataclasses.dataclass(frozen=True)
class HeldCases(CallbackData):
    """The open cases one member holds (`holder` short), or FORMER staff hold."""

    PREFIX: ClassVar[str] = "tmh"
    office: str
    holder: str
    page: int


@dataclasses.dataclass(frozen=True)
class PickAssignee(CallbackData):
    """A case to hand over (`case_id` short): who takes it? `holder` is the HeldCases
    list it came from, for [Back]."""

    PREFIX: ClassVar[str] = "tma"
    case_id: str
    holder: str


@dataclasses.dataclass(frozen=True)
class DoReassign(CallbackData):
    """Hand the case (short id) over to `assignee` (short id) at the version shown."""

    PREFIX: ClassVar[str] = "tmd"
    case_id: str
    version: int
    assignee: str


def short(value: str) -> str:
    """A UUID in 22 characters for button data."""
    return base64.urlsafe_b64encode(uuid.UUID(value).bytes).decode().rstrip("=")


def long(value: str) -> str:
    """The UUID a short id stands for; Expired for anything that is not one."""
    try:
        raw = base64.urlsafe_b64decode(value + "==")
        return str(uuid.UUID(bytes=raw))
    except (ValueError, binascii.Error) as error:
        raise Expired(value) from error


def staff(context: DaibanContext) -> As:
    """The person in this update, acting as staff."""
    if context.messaging_id is None:
        raise RuntimeError("an update without a user has no staff member")
    return As.staff(context.messaging_id)


def data_of(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


async def show(update: Update, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the screen a button was pressed on; answer a command with a new message."""
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


def button(texts: Texts, language: str, label: B, data: CallbackData | str, **values: str
           ) -> InlineKeyboardButton:
    packed = data if isinstance(data, str) else data.pack()
    return InlineKeyboardButton(texts.button(label, language=language, **values),
                                callback_data=packed)


def name_of(office: OfficeView) -> dict[str, str]:
    """An office's name as the templates take it ({zh, en})."""
    return {"zh": office.name_zh, "en": office.name_en}


def _nodes(tree: OfficeTree) -> Iterator[OfficeNode]:
    stack = list(tree.roots)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def offices_by_code(tree: OfficeTree) -> dict[str, OfficeView]:
    return {node.office.code: node.office for node in _nodes(tree)}


def below(tree: OfficeTree, code: str) -> list[OfficeView]:
    """The offices directly below one, in the tree's order (none for a station)."""
    node = next((node for node in _nodes(tree) if node.office.code == code), None)
    return [child.office for child in node.children] if node else []


def member(members: list[StaffView], staff_id: str) -> StaffView:
    """The active member with this id; Expired when they are gone (an old screen)."""
    found = next((row for row in members if row.id == staff_id), None)
    if found is None:
        raise Expired(staff_id)
    return found


async def open_cases(context: DaibanContext, office: str) -> list[CaseView]:
    """The office's cases that the caller may reassign now (held and not finished: the
    case service says so in each case's `allowed_actions`)."""
    found: list[CaseView] = []
    for page in range(SCAN_PAGES):
        cases = (await context.cases.queue(office, limit=SCAN_PAGE, offset=page * SCAN_PAGE,
                                           actor=staff(context))).cases
        found.extend(case for case in cases if "reassign" in case.allowed_actions)
        if len(cases) < SCAN_PAGE:
            break
    return found
