"""Answering a material request in the chat, against a fake case service: [Answer now] on
the material notice begins an answer; words and photos are kept (an album acknowledged
by one message that counts up, a photo delivered twice kept once) until [Send], which
makes one reply call with the update's key; a case that stopped waiting is answered
kindly; a voice note gets the office's phone; a stray photo is offered for the case
waiting for material, or not understood when none is."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest
from telegram.ext import ConversationHandler

from backend_client.errors import Conflict, Invalid, NotFound
from handlers.callbacks import parse
from handlers.errors import template_for
from handlers.resident import catalog_search, reply
from handlers.resident import reply_views as views
from handlers.resident.notices import notice_message
from handlers.resident.reply_views import AnswerCase, DropReply, SendReply
from texts import Texts
from texts.names import T
from wire.cases import CaseList, CaseView, EventView
from wire.catalog import MatterDetail
from wire.offices import OfficeView

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
STATION = "110117108201"


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def a_case(state: str = "awaiting_material", updated: int = 0) -> CaseView:
    clock = {"started_at": NOW, "limit_days": 5, "unit": "working_days",
             "due": dt.date(2026, 12, 2), "remaining_days": 5, "paused": True,
             "stopped": False, "overdue": False}
    return CaseView.model_validate({
        "id": str(uuid.uuid4()), "number": f"PG20260{uuid.uuid4().int % 10**5:05d}",
        "matter_code": "SJ01", "matter_name": {"zh": "低保", "en": "Dibao"}, "state": state,
        "step": 0, "step_tier": "village", "step_action": "accept", "office_code": STATION,
        "station_code": STATION, "holder_id": "s-1", "return_count": 0, "version": 5,
        "booking": {"kind": "drop_off"}, "answers": {}, "service_clock": clock,
        "step_clock": clock,
        "resident": {"id": "r", "name": "王大爷", "phone": None, "id_number": None},
        "allowed_actions": [], "created_at": NOW,
        "updated_at": NOW + dt.timedelta(minutes=updated)})


class FakeCases:
    """The case service as the answer flow uses it; records the replies."""

    def __init__(self, cases: list[CaseView], refuse: Exception | None = None) -> None:
        self.cases, self.refuse = cases, refuse
        self.replies: list[tuple[str, Any, list[str], dict[str, Any]]] = []

    async def case(self, case_id: str, *, actor: Any) -> CaseView:
        return next(case for case in self.cases if case.id == case_id)

    async def my_cases(self, *, actor: Any) -> CaseList:
        return CaseList(cases=self.cases)

    async def office(self, code: str) -> OfficeView:
        return OfficeView(code=code, tier="village", kind="station", name_zh="西双营村服务站",
                          name_en="Xishuangying Station", parent_code=None, address="",
                          phone="010-69931112", opening_hours="", slot_minutes=30,
                          slot_capacity=2, travel_minutes_to_town=0,
                          travel_minutes_to_district=0)

    async def reply(self, case_id: str, text: str | None = None, photos: Any = (), *,
                    actor: Any, idempotency_key: str | None = None) -> CaseView:
        if self.refuse is not None:
            raise self.refuse
        self.replies.append((case_id, text, list(photos),
                             {"actor": actor, "idempotency_key": idempotency_key}))
        return await self.case(case_id, actor=actor)


def press(data: str) -> Any:
    chat = SimpleNamespace(id=901, send_message=AsyncMock())
    query = SimpleNamespace(data=data, answer=AsyncMock())
    return SimpleNamespace(callback_query=query, update_id=88, effective_chat=chat,
                           effective_message=None)


def message(text: str | None = None, photo: str | None = None, album: str | None = None,
            voice: bool = False, message_id: int = 40) -> Any:
    sent = SimpleNamespace(reply_text=AsyncMock(return_value=SimpleNamespace(
        message_id=message_id)), text=text, caption=None, media_group_id=album,
        photo=[SimpleNamespace(file_id=f"{photo}-small"), SimpleNamespace(file_id=photo)]
        if photo else [], voice=object() if voice else None, audio=None, video_note=None,
        chat_id=901)
    return SimpleNamespace(callback_query=None, update_id=89, effective_message=sent,
                           effective_chat=SimpleNamespace(send_message=AsyncMock()))


def context_for(texts: Texts, cases: FakeCases) -> Any:
    return SimpleNamespace(
        cases=cases, texts=texts, language="zh", messaging_id=901, user_data={},
        resident="as-villager-901", bot=SimpleNamespace(edit_message_text=AsyncMock()),
        idempotency_key=lambda step="": f"tg:88:{step}")


def _buttons(markup: Any) -> list[Any]:
    return [parse(button.callback_data) for row in markup.inline_keyboard for button in row]


@pytest.mark.parametrize("data", [AnswerCase(str(uuid.uuid4())),
                                  SendReply(str(uuid.uuid4())), DropReply()])
def test_every_answer_button_fits_in_64_bytes_and_comes_back_as_it_went(data: Any) -> None:
    assert len(data.pack().encode()) <= 64 and parse(data.pack()) == data


async def test_the_material_request_notice_offers_answer_now_and_other_notices_do_not(
        texts: Texts) -> None:
    case = a_case()
    station = await FakeCases([]).office(STATION)

    def notice(action: str) -> list[str]:
        event = EventView.model_validate({
            "position": 1, "case_id": case.id, "case_number": case.number,
            "matter_code": "SJ01", "resident_id": "r", "station_code": STATION,
            "version": 5, "action": action, "actor_id": "s-1", "acting_role": "agent",
            "from_state": "accepted", "to_state": "awaiting_material",
            "office_code": STATION, "to_office_code": STATION, "step": 0, "to_step": 0,
            "holder_id": "s-1", "reason": None, "data": {"items": ["id_card"]}, "at": NOW,
            "tells_resident": True})
        params = notice_message(texts, "zh", event, case, station, station,
                                MatterDetail.model_construct(code="SJ01", materials=[]))
        return [button["callback_data"] for row in params["reply_markup"]["inline_keyboard"]
                for button in row]

    assert notice("request_material")[0] == AnswerCase(case.id).pack()
    assert AnswerCase(case.id).pack() not in notice("accept")


async def test_answer_now_begins_an_answer_that_cannot_be_sent_empty(texts: Texts) -> None:
    case = a_case()
    context = context_for(texts, FakeCases([case]))
    update = press(AnswerCase(case.id).pack())
    assert await reply.answer_now(update, context) == reply.COLLECT
    (text,), kwargs = update.effective_chat.send_message.call_args
    assert case.number in text and "发给服务站" in text
    assert _buttons(kwargs["reply_markup"]) == [DropReply()]
    assert views.pending(context, case.id)["words"] == []


async def test_words_and_photos_are_kept_an_album_is_acknowledged_once_and_send_sends_all(
        texts: Texts) -> None:
    case = a_case()
    cases = FakeCases([case])
    context = context_for(texts, cases)
    await reply.answer_now(press(AnswerCase(case.id).pack()), context)
    first = message(text="户口簿拍好了")
    await reply.keep(first, context)
    (ack,), kwargs = first.effective_message.reply_text.call_args
    assert "户口簿拍好了" in ack and SendReply(case.id) in _buttons(kwargs["reply_markup"])
    one = message(photo="ph-1", album="g1", message_id=41)
    await reply.keep(one, context)
    two = message(photo="ph-2", album="g1")
    await reply.keep(two, context)
    await reply.keep(message(photo="ph-2", album="g1"), context)  # delivered twice
    two.effective_message.reply_text.assert_not_called()  # the album's ack counts up
    edited = context.bot.edit_message_text.call_args
    assert edited.kwargs["message_id"] == 41 and "照片 2 张" in edited.args[0]

    done = press(SendReply(case.id).pack())
    assert await reply.send(done, context) == ConversationHandler.END
    assert cases.replies == [(case.id, "户口簿拍好了", ["ph-1", "ph-2"],
                              {"actor": "as-villager-901", "idempotency_key": "tg:88:reply"})]
    (sent,), _ = done.effective_chat.send_message.call_args
    assert "西双营村服务站" in sent and "照片 2 张" in sent
    assert views.PENDING not in context.user_data


async def test_a_case_that_stopped_waiting_for_material_ends_the_answer_kindly(
        texts: Texts) -> None:
    case = a_case()
    cases = FakeCases([case], refuse=Conflict(409, "case.wrong_state"))
    context = context_for(texts, cases)
    await reply.answer_now(press(AnswerCase(case.id).pack()), context)
    await reply.keep(message(text="还有一张"), context)
    done = press(SendReply(case.id).pack())
    assert await reply.send(done, context) == ConversationHandler.END
    (text,), _ = done.effective_chat.send_message.call_args
    assert "不用再补材料" in text and "010-69931112" in text
    assert views.PENDING not in context.user_data


@pytest.mark.parametrize(("code", "template"), [
    ("case.reply_empty", T.ERROR_CASE_REPLY_EMPTY),
    ("case.reply_too_long", T.ERROR_CASE_REPLY_TOO_LONG)])
def test_an_empty_or_too_long_answer_is_refused_in_its_own_words(code: str, template: T
                                                                  ) -> None:
    assert template_for(Invalid(422, code)) is template


async def test_a_voice_note_is_not_material_and_the_office_phone_is_given(
        texts: Texts) -> None:
    case = a_case()
    context = context_for(texts, FakeCases([case]))
    await reply.answer_now(press(AnswerCase(case.id).pack()), context)
    voice = message(voice=True)
    assert await reply.cannot_pass_on(voice, context) == reply.COLLECT
    (text,), kwargs = voice.effective_message.reply_text.call_args
    assert "语音" in text and "010-69931112" in text
    assert _buttons(kwargs["reply_markup"]) == [DropReply()]  # nothing to send yet


async def test_a_stray_photo_is_offered_for_the_case_waiting_for_material(
        texts: Texts) -> None:
    waiting = a_case(updated=5)
    cases = FakeCases([a_case("accepted", updated=9), a_case(updated=1), waiting])
    context = context_for(texts, cases)
    photo = message(photo="ph-7")
    assert await reply.offer_photo(photo, context) == reply.COLLECT
    (text,), _ = photo.effective_message.reply_text.call_args
    assert f"这是给办件 {waiting.number} 补的材料吗" in text
    assert views.pending(context, waiting.id)["photos"] == ["ph-7"]


@pytest.mark.parametrize("cases", [FakeCases([a_case("accepted")]), None])
async def test_a_stray_photo_without_a_case_waiting_for_material_is_not_understood(
        texts: Texts, cases: FakeCases | None) -> None:
    if cases is None:  # not a villager of the case service at all
        cases = FakeCases([])
        cases.my_cases = AsyncMock(side_effect=NotFound(404, "resident.unknown"))  # type: ignore[method-assign]
    context = context_for(texts, cases)
    photo = message(photo="ph-7")
    assert await reply.offer_photo(photo, context) == ConversationHandler.END
    (text,), _ = photo.effective_message.reply_text.call_args
    assert "收到了" in text and views.PENDING not in context.user_data


async def test_an_answer_left_unsent_for_long_gives_later_words_to_the_catalog_search(
        texts: Texts, monkeypatch: pytest.MonkeyPatch) -> None:
    case = a_case()
    context = context_for(texts, FakeCases([case]))
    await reply.answer_now(press(AnswerCase(case.id).pack()), context)
    context.user_data[views.PENDING]["at"] = time.time() - reply.STALE_AFTER - 1
    search = AsyncMock()
    monkeypatch.setattr(catalog_search, "search", search)
    typed = message(text="养老金")
    assert await reply.keep(typed, context) == ConversationHandler.END
    search.assert_awaited_once()
    typed.effective_message.reply_text.assert_not_called()
    assert views.PENDING not in context.user_data


async def test_not_now_drops_the_answer_and_an_old_send_button_is_expired(
        texts: Texts) -> None:
    case = a_case()
    cases = FakeCases([case])
    context = context_for(texts, cases)
    await reply.answer_now(press(AnswerCase(case.id).pack()), context)
    await reply.keep(message(text="x"), context)
    context.bot.send_message = AsyncMock()
    assert await reply.drop(press(DropReply().pack()), context) == ConversationHandler.END
    with pytest.raises(ValueError):  # Expired: the error handler says so
        await reply.send(press(SendReply(case.id).pack()), context)
    assert cases.replies == []
