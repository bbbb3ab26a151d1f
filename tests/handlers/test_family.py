"""Family followers' handlers against a fake case service: the buttons fit and come back
as they went; [Share with family] makes one link and shows the message to forward (deep
link, /start line, expiry in district time) and who follows with [✖ name] each; removing
is confirmed and sends exactly the follower chosen; /start f-... follows with the
sender's first name and language, and goes to the follow handler while a staff code and
a bare /start go where they always went."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest
from telegram import Update, User
from telegram.ext import ApplicationBuilder, ContextTypes, DictPersistence

from backend_client.errors import Conflict, NotFound
from bot.routes import add_routes
from handlers.callbacks import Expired, parse
from handlers.context import DaibanContext
from handlers.errors import template_for
from handlers.resident import family
from handlers.resident.cases import OpenCase, case_keyboard
from handlers.resident.family_views import (
    AskRemove,
    DoRemove,
    FamilyOf,
    ShareCase,
    long,
    short,
)
from handlers.staff import joining
from texts import T, Texts
from wire.cases import CaseView
from wire.catalog import MatterDetail
from wire.followers import FollowerList, FollowerView, FollowLinkView

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
CASE_ID, SON, DAUGHTER = (str(uuid.uuid4()) for _ in range(3))


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def a_case() -> CaseView:
    clock = {"started_at": dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone(dt.timedelta(
        hours=8))), "limit_days": 5, "unit": "working_days", "due": dt.date(2026, 12, 2),
             "remaining_days": 5, "paused": False, "stopped": False, "overdue": False}
    return CaseView.model_validate({
        "id": CASE_ID, "number": "PG2026000123", "matter_code": "SJ01",
        "matter_name": {"zh": "最低生活保障", "en": "Dibao"}, "state": "accepted", "step": 0,
        "step_tier": "village", "step_action": "accept", "office_code": "110117108201",
        "station_code": "110117108201", "holder_id": None, "return_count": 0, "version": 3,
        "booking": {"kind": "drop_off"}, "answers": {}, "service_clock": clock,
        "step_clock": clock,
        "resident": {"id": "r", "name": "王大爷", "phone": "+8613800138000", "id_number": None},
        "allowed_actions": [], "created_at": NOW, "updated_at": NOW})


def follower(follower_id: str, name: str, removed: bool = False) -> FollowerView:
    return FollowerView(id=follower_id, case_id=CASE_ID, name=name, messaging_id=None,
                        language="zh", joined_at=NOW, removed_at=NOW if removed else None,
                        case_number="PG2026000123", matter_code="SJ01")


class FakeCases:
    """The case service as the family screens use it; records the state-changing calls."""

    def __init__(self, followers: list[FollowerView]) -> None:
        self.following = followers
        self.calls: list[tuple[str, Any, dict[str, Any]]] = []

    async def share_case(self, case_id: str, **kwargs: Any) -> FollowLinkView:
        self.calls.append(("share", case_id, kwargs))
        return FollowLinkView(code="f-AbC123xyz", case_id=case_id,
                              expires_at=dt.datetime(2026, 11, 28, 2, 5, tzinfo=dt.UTC))

    async def case(self, case_id: str, *, actor: Any) -> CaseView:
        return a_case()

    async def followers(self, case_id: str, *, actor: Any) -> FollowerList:
        return FollowerList(followers=[row for row in self.following if not row.removed_at])

    async def remove_follower(self, follower_id: str, **kwargs: Any) -> FollowerView:
        self.calls.append(("remove", follower_id, kwargs))
        found = next(row for row in self.following if row.id == follower_id)
        return found.model_copy(update={"removed_at": NOW})

    async def follow_case(self, code: str, messaging_id: Any, name: str, language: str,
                          **kwargs: Any) -> FollowerView:
        self.calls.append(("follow", (code, messaging_id, name, language), kwargs))
        return follower(SON, name)

    async def matter(self, code: str) -> MatterDetail:
        return MatterDetail.model_construct(code=code, name={"zh": "最低生活保障",
                                                             "en": "Dibao"})


def press(data: str | None, text: str = "") -> Any:
    """An update: a button pressed with `data`, or (None) a typed `text`."""
    query = None if data is None else SimpleNamespace(
        data=data, answer=AsyncMock(), edit_message_text=AsyncMock())
    return SimpleNamespace(
        callback_query=query, update_id=77,
        effective_user=SimpleNamespace(id=902, first_name="小明", full_name="王小明"),
        effective_message=SimpleNamespace(reply_text=AsyncMock(), text=text))


def context_for(texts: Texts, cases: FakeCases, language: str = "zh",
                args: list[str] | None = None) -> Any:
    return SimpleNamespace(
        cases=cases, texts=texts, language=language, messaging_id=901, user_data={},
        resident="as-resident-901", args=args or [],
        bot=SimpleNamespace(username="daiban_test_bot"),
        idempotency_key=lambda step="": f"tg:77:{step}")


def _data(markup: Any) -> list[str]:
    return [button.callback_data for row in markup.inline_keyboard for button in row]


@pytest.mark.parametrize("data", [
    ShareCase(CASE_ID), FamilyOf(CASE_ID), AskRemove(short(CASE_ID), short(SON)),
    DoRemove(SON)])
def test_every_family_button_fits_in_64_bytes_and_comes_back_as_it_went(data: Any) -> None:
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert parse(packed) == data


def test_a_forged_short_id_is_an_expired_button() -> None:
    assert long(short(SON)) == SON
    with pytest.raises(Expired):
        long("not-an-id")


def test_the_case_detail_offers_share_with_family(texts: Texts) -> None:
    assert ShareCase(CASE_ID).pack() in _data(case_keyboard(texts, "zh", a_case()))


async def test_sharing_makes_one_link_to_forward_and_lists_who_follows(texts: Texts) -> None:
    cases = FakeCases([follower(SON, "小明"), follower(DAUGHTER, "Lily")])
    update = press(ShareCase(CASE_ID).pack())
    await family.share(update, context_for(texts, cases))
    assert cases.calls == [("share", CASE_ID, {"actor": "as-resident-901",
                                                "idempotency_key": "tg:77:share"})]
    update.callback_query.edit_message_text.assert_not_called()  # the detail stays
    (link_call, list_call) = update.effective_message.reply_text.call_args_list
    link = link_call.args[0]
    assert "https://t.me/daiban_test_bot?start=f-AbC123xyz" in link
    assert "<code>/start f-AbC123xyz</code>" in link
    assert "2026年11月28日 10:05" in link  # 02:05 UTC in the district (UTC+8)
    assert "PG2026000123" in link and "王大爷" not in link
    assert "reply_markup" not in link_call.kwargs  # a plain message, made to be forwarded
    text, markup = list_call.args[0], list_call.kwargs["reply_markup"]
    assert "小明" in text and "Lily" in text
    assert AskRemove(short(CASE_ID), short(SON)).pack() in _data(markup)
    assert OpenCase(CASE_ID).pack() in _data(markup)
    assert FamilyOf(CASE_ID).pack() in _data(markup)  # who has opened the link since


async def test_removing_a_follower_is_asked_once_more_and_sends_exactly_that_follower(
        texts: Texts) -> None:
    cases = FakeCases([follower(SON, "小明"), follower(DAUGHTER, "Lily")])
    update = press(AskRemove(short(CASE_ID), short(DAUGHTER)).pack())
    await family.ask_remove(update, context_for(texts, cases, "en"))
    sent = update.callback_query.edit_message_text.call_args
    assert "Stop Lily getting the news of case PG2026000123?" in sent.args[0]
    assert _data(sent.kwargs["reply_markup"]) == [DoRemove(DAUGHTER).pack(),
                                                  FamilyOf(CASE_ID).pack()]
    assert cases.calls == []

    update = press(DoRemove(DAUGHTER).pack())
    await family.do_remove(update, context_for(texts, cases, "en"))
    assert cases.calls == [("remove", DAUGHTER, {"actor": "as-resident-901",
                                                  "idempotency_key": "tg:77:unfollow"})]
    sent = update.callback_query.edit_message_text.call_args
    assert "Lily will get no more news of this case." in sent.args[0]
    assert FamilyOf(CASE_ID).pack() in _data(sent.kwargs["reply_markup"])


async def test_a_follower_removed_meanwhile_shows_the_list_as_it_is_now(texts: Texts) -> None:
    cases = FakeCases([follower(SON, "小明"), follower(DAUGHTER, "Lily", removed=True)])
    update = press(AskRemove(short(CASE_ID), short(DAUGHTER)).pack())
    await family.ask_remove(update, context_for(texts, cases))
    text, markup = (update.callback_query.edit_message_text.call_args.args[0],
                    update.callback_query.edit_message_text.call_args.kwargs["reply_markup"])
    assert "小明" in text and "Lily" not in text
    assert ShareCase(CASE_ID).pack() in _data(markup)  # [Another link]


async def test_opening_a_follow_link_follows_with_the_first_name_and_language(
        texts: Texts) -> None:
    cases = FakeCases([])
    update = press(None, "/start f-AbC123xyz")
    await family.follow(update, context_for(texts, cases, "en", args=["f-AbC123xyz"]))
    assert cases.calls == [("follow", ("f-AbC123xyz", 902, "小明", "en"),
                            {"idempotency_key": "tg:77:follow"})]
    text = update.effective_message.reply_text.call_args.args[0]
    assert "You now follow case PG2026000123" in text and "Dibao" in text


@pytest.mark.parametrize("code", [
    "follow.used", "follow.expired", "follow.own_case", "follow.already_following",
    "follow.unknown", "follow.not_yours", "follow.unknown_follower",
    "follow.already_removed"])
def test_each_refusal_of_following_has_its_own_words(code: str) -> None:
    kind = NotFound if code.endswith("unknown") else Conflict
    assert template_for(kind(409, code, "refused", {})) is T(f"errors/{code}")


@pytest.fixture(scope="module")
def routed(texts: Texts) -> Any:
    application = (ApplicationBuilder().token("1:x").updater(None)
                   .persistence(DictPersistence())
                   .context_types(ContextTypes(context=DaibanContext)).build())
    add_routes(application, texts)
    application.bot._bot_user = User(id=1, first_name="daiban", is_bot=True,
                                     username="daiban_test_bot")
    return application


def _first_handler(application: Any, text: str) -> Any:
    update = Update.de_json({"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": text,
        "entities": [{"type": "bot_command", "offset": 0,
                      "length": len(text.split()[0])}]}}, application.bot)
    for handler in application.handlers[0]:
        found = handler.check_update(update)
        if found is not None and found is not False:
            return getattr(handler, "callback", handler)
    return None


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("text", "goes_to"), [
    ("/start f-AbC123xyz", "follow"), ("/start@daiban_test_bot f-AbC123xyz", "follow"),
    ("/start s-AbCdEf123", "join"), ("/start AbCdEf123", "join"),
    ("/start", "onboarding"), ("/start f-", "join")])
def test_a_start_goes_to_following_only_with_a_follow_code(routed: Any, text: str,
                                                           goes_to: str) -> None:
    handler = _first_handler(routed, text)
    expected = {"follow": family.follow, "join": joining.join}.get(goes_to)
    if expected is None:
        assert getattr(handler, "name", None) == goes_to
    else:
        assert handler is expected
