"""The card's actions, and the follow-ups of those that need more than a press: a reason
typed for refuse and reject; a reason picked from a list (plus words, if wanted) for a
return to the lower tier; the days, then a reason, for an extension; the missing
material (material.py); and finding a case by its number. Diagram: acting.mmd.

A typed reason is shown once more with [Send] before it goes: words typed into a
follow-up left open by mistake then never reach a villager unseen. [Send] acts at the
version the card showed, with an idempotency key from its update, so everything the card
promises ("this case has moved on", "this is not yours") holds here too. Home, /cancel,
the staff and villager menus and any card leave the follow-up; nothing half-given is sent.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any, ClassVar

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import common
from handlers.callbacks import CallbackData, Expired, GoHome
from handlers.context import DaibanContext
from handlers.keyboards import MENU_ROWS as VILLAGER_MENU
from handlers.keyboards import label_filter
from handlers.staff import card, joining, lists, material
from handlers.staff._views import (
    BY_CODE,
    MENU_ROWS,
    Act,
    OpenCard,
    button,
    callback_data,
    show,
    staff,
)
from handlers.staff.material import PENDING, TEXT_LIMIT, pending
from texts.names import B, T
from texts.render import SOURCE_LANGUAGE, Texts
from wire.cases import CaseView


class Step(StrEnum):
    """What a staff member's next message or press answers."""

    REASON = "reason"      # type why (refuse, reject; extend once its days are chosen)
    RETURN = "return"      # pick why it goes back down, or type it
    DAYS = "days"          # extend by 5, 10, 15 or 20 working days
    CONFIRM = "confirm"    # the reason on screen: [Send], or type it (or a note) again
    MATERIAL = material.MATERIAL  # tick what is missing, type the rest, [Send]
    NUMBER = "number"      # type a case number to find it


ASKS: dict[str, Step] = {"refuse": Step.REASON, "reject": Step.REASON,
                         "return_to_lower_tier": Step.RETURN, "extend": Step.DAYS,
                         "request_material": Step.MATERIAL}
"""The actions that need more than a press, and what is asked first."""
RETURN_REASONS: dict[str, B] = {"i": B.STAFF_RETURN_INCOMPLETE, "w": B.STAFF_RETURN_WRONG,
                                "c": B.STAFF_RETURN_CHECK, "n": B.STAFF_RETURN_CONDITIONS}
"""Why a case goes back down: a short key on the button; the label, in the district's
language, is the reason the lower tier reads."""
EXTEND_DAYS = (5, 10, 15, 20)


@dataclasses.dataclass(frozen=True)
class ReturnWhy(CallbackData):
    """A reason from RETURN_REASONS (its key) for sending the case back down."""

    PREFIX: ClassVar[str] = "srw"
    case_id: str
    version: int
    why: str


@dataclasses.dataclass(frozen=True)
class ExtendBy(CallbackData):
    """How many working days to extend by (one of EXTEND_DAYS)."""

    PREFIX: ClassVar[str] = "sxd"
    case_id: str
    version: int
    days: int


@dataclasses.dataclass(frozen=True)
class SendAct(CallbackData):
    """[Send] the reason on screen (and the days chosen), at the card's version."""

    PREFIX: ClassVar[str] = "ssa"
    case_id: str
    version: int


async def press(update: Update, context: DaibanContext) -> str | int:
    """A staff member presses one of the card's actions: done at once, or asked about."""
    data = Act.parse(callback_data(update))
    action = BY_CODE.get(data.action)
    if action is None:
        raise Expired(callback_data(update))
    if action not in ASKS:
        return await card.act_now(update, context, data.case_id, action, data.version)
    material.start(context, data.case_id, data.version, action)
    case = await _case(context, data.case_id, data.version)
    if action == "request_material":
        return await material.screen(update, context, case)
    texts, language = context.texts, context.language
    back = [button(texts, language, B.STAFF_BACK_TO_CASE, OpenCard(case.id, ""))]
    if action == "return_to_lower_tier":
        rows = [[button(texts, language, label, ReturnWhy(case.id, case.version, key))]
                for key, label in RETURN_REASONS.items()]
        text = texts.render(T.STAFF_RETURN_ASK, language=language, case=case)
    elif action == "extend":
        days = [button(texts, language, B.STAFF_DAYS, ExtendBy(case.id, case.version, n),
                       n=n) for n in EXTEND_DAYS]
        rows = [days[:2], days[2:]]
        text = texts.render(T.STAFF_DAYS_ASK, language=language, case=case)
    else:
        rows = []
        text = texts.render(T.STAFF_REASON_ASK, language=language, case=case, action=action,
                            days=None)
    await show(update, text, InlineKeyboardMarkup([*rows, back]))
    return ASKS[action]


async def return_why(update: Update, context: DaibanContext) -> str:
    """A staff member picks why the case goes back down."""
    data = ReturnWhy.parse(callback_data(update))
    if data.why not in RETURN_REASONS:
        raise Expired(callback_data(update))
    given = pending(context, data.case_id, data.version)
    given.update(why=data.why, reason="")
    return await _confirm(update, context, given)


async def extend_by(update: Update, context: DaibanContext) -> str:
    """A staff member picks how many working days to extend by; the reason comes next."""
    data = ExtendBy.parse(callback_data(update))
    if data.days not in EXTEND_DAYS:
        raise Expired(callback_data(update))
    pending(context, data.case_id, data.version)["days"] = data.days
    case = await _case(context, data.case_id, data.version)
    await show(update, context.texts.render(
        T.STAFF_REASON_ASK, language=context.language, case=case, action="extend",
        days=data.days), InlineKeyboardMarkup([[button(
            context.texts, context.language, B.STAFF_BACK_TO_CASE, OpenCard(case.id, ""))]]))
    return Step.REASON


async def reason_typed(update: Update, context: DaibanContext) -> str:
    """A staff member writes the reason (or a note to the reason they picked)."""
    given = (context.user_data or {}).get(PENDING)
    if not given or update.message is None:
        raise Expired(None)
    given["reason"] = (update.message.text or "").strip()[:TEXT_LIMIT]
    return await _confirm(update, context, given, fresh=True)


async def send(update: Update, context: DaibanContext) -> int:
    """A staff member sends the action with the reason on screen."""
    data = SendAct.parse(callback_data(update))
    given = pending(context, data.case_id, data.version)
    case = await context.cases.act(
        data.case_id, given["action"], actor=staff(context),
        reason=reason_of(context.texts, given), days=given.get("days"),
        expected_version=data.version, idempotency_key=context.idempotency_key(given["action"]))
    if context.user_data is not None:
        context.user_data.pop(PENDING, None)
    await show(update, *await card.card(context, case))
    return ConversationHandler.END


async def find_ask(update: Update, context: DaibanContext) -> str:
    """A staff member wants to find a case by the number the villager gave them."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            context.texts.render(T.STAFF_FIND_ASK, language=context.language))
    return Step.NUMBER


async def number_typed(update: Update, context: DaibanContext) -> str | int:
    """A staff member types a case number; its card, or "not found" and try again."""
    typed = (update.message.text or "") if update.message else ""
    case = await lists.find(context, typed)
    if case is None:
        await show(update, context.texts.render(T.STAFF_FIND_NONE, language=context.language,
                                                typed=typed[:64]))
        return Step.NUMBER
    await show(update, *await card.card(context, case))
    return ConversationHandler.END


def reason_of(texts: Texts, given: dict[str, Any]) -> str:
    """What the service records: the picked reason's label (in the district's language)
    and the words typed, either alone or both."""
    why = given.get("why")
    picked = texts.button(RETURN_REASONS[why], language=SOURCE_LANGUAGE) if why else ""
    return " — ".join(part for part in (picked, given.get("reason") or "") if part)


async def _confirm(update: Update, context: DaibanContext, given: dict[str, Any], *,
                   fresh: bool = False) -> str:
    case = await _case(context, given["case"], given["version"])
    texts, language = context.texts, context.language
    text = texts.render(T.STAFF_CONFIRM, language=language, case=case, action=given["action"],
                        reason=reason_of(texts, given), days=given.get("days"),
                        note=bool(given.get("why")))
    markup = InlineKeyboardMarkup([[
        button(texts, language, B.STAFF_SEND, SendAct(case.id, case.version)),
        button(texts, language, B.STAFF_BACK_TO_CASE, OpenCard(case.id, ""))]])
    if fresh and update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)
    else:
        await show(update, text, markup)
    return Step.CONFIRM


async def _case(context: DaibanContext, case_id: str, version: int) -> CaseView:
    """The case for a follow-up's screen, at the version its card showed."""
    case = await context.cases.case(case_id, actor=staff(context))
    return case.model_copy(update={"version": version})


def _typed(texts: Texts) -> filters.BaseFilter:
    """Words typed, not a command nor a button of either menu (those leave or belong to
    other flows)."""
    typed: Any = filters.TEXT & ~filters.COMMAND
    for name in (*(n for row in VILLAGER_MENU for n in row),
                 *(n for row in MENU_ROWS for n in row)):
        typed = typed & ~label_filter(texts, name)
    return typed  # type: ignore[no-any-return]


def _press(callback: Any, kind: type[CallbackData]) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(callback, pattern=kind.pattern())


def build(texts: Texts) -> ConversationHandler[Any]:
    """The staff follow-ups, persistent; every way out of a screen ends them."""
    typed = MessageHandler(_typed(texts), reason_typed)
    entry: list[BaseHandler[Any, Any, Any]] = [
        _press(press, Act), MessageHandler(label_filter(texts, B.STAFF_FIND), find_ask)]
    return ConversationHandler(
        entry_points=entry,
        states={
            Step.REASON: [typed],
            Step.RETURN: [_press(return_why, ReturnWhy), typed],
            Step.DAYS: [_press(extend_by, ExtendBy)],
            Step.CONFIRM: [_press(send, SendAct), typed],
            Step.MATERIAL: [_press(material.tick, material.Tick),
                            _press(material.send, material.SendMaterial),
                            MessageHandler(_typed(texts), material.typed)],
            Step.NUMBER: [MessageHandler(_typed(texts), number_typed)],
        },
        fallbacks=[_press(common.home, GoHome), CommandHandler("cancel", common.cancel),
                   _press(card.open_card, OpenCard), *joining.handlers(texts),
                   *lists.handlers(texts)],
        allow_reentry=True, name="staff_work", persistent=True,
    )
