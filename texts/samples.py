"""Sample data for every template: the tests render each screen with it, and a preview
page can show every screen in every language without a running bot.

Samples are deliberately on the long side (a long name) so length limits are tested
against realistic worst cases, not the shortest possible text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from texts.names import T
from texts.samples_walk_in import WALK_IN_SAMPLES

# resident/cases: a case as its villager sees it (the fields the screens use).
_CASE_SAMPLE: Mapping[str, Any] = {
    "number": "PG2026000123", "state": "awaiting_material", "step_tier": "town",
    "matter_name": {"zh": "最低生活保障（低保）申请", "en": "Minimum Living Allowance (Dibao)"},
    "service_clock": {"stopped": False, "due": dt.date(2026, 12, 30)},
}

# staff: a case as a station agent sees it (long names, overdue, returned twice).
_STAFF_CASE: Mapping[str, Any] = {
    "number": "PG2026000123", "state": "under_review", "step_tier": "town",
    "matter_name": {"zh": "困难残疾人生活补贴和重度残疾人护理补贴申请",
                    "en": "Living subsidy for disabled persons in hardship - application"},
    "resident": {"name": "Chunhua Ouyang-Lindqvist", "phone": "+86138****8000"},
    "booking": {"kind": "home_visit",
                "note": "Cannot walk far since a fall last winter; call the daughter first"},
    "holder_id": None, "allowed_actions": ["claim"], "return_count": 2,
    "step_clock": {"stopped": False, "paused": False, "overdue": True,
                   "due": dt.date(2026, 12, 30)},
}
_STAFF_OFFICE = {"zh": "北京市平谷区马昌营镇西双营村便民代办服务站",
                 "en": "Xishuangying Village Proxy Service Station, Machangying Town"}

# custody of originals and carry runs: the offices a case passes (long names), each
# original at another holder, and a handover list that left.
_PLACES: Mapping[str, Any] = {
    "110117108201": {"tier": "village", "name": {
        "zh": "乐园西小区社区便民代办服务站",
        "en": "Leyuan Xixiaoqu Community Proxy Service Station"}},
    "110117108000": {"tier": "town", "name": {
        "zh": "马昌营镇政务服务中心", "en": "Nandulehe Town Government Service Center"}},
    "110117000000": {"tier": "district", "name": {
        "zh": "平谷区政务服务中心", "en": "Pinggu District Government Service Center"}}}
_AT = dt.datetime(2026, 11, 26, 16, 45)
_ORIGINALS: list[Mapping[str, Any]] = [
    {"name": {"zh": "共同生活家庭成员的居民身份证",
              "en": "ID cards of all household members living together"},
     "count": 2, "holder": holder, "since": _AT}
    for holder in ("resident", "110117108201", "transit:110117108000", "110117000000",
                   "transit:resident", "transit:110117108201")]
_RUN: Mapping[str, Any] = {
    "id": 123456, "station_code": "110117108201", "to_office_code": "110117108000",
    "day": dt.date(2026, 11, 26), "seq": 2, "created_at": _AT, "departed_at": _AT,
    "items": [{"received_at": _AT if n % 3 == 0 else None,
               "missing_at": _AT if n % 3 == 1 else None} for n in range(16)]}

SAMPLES: Mapping[T, Mapping[str, Any]] = MappingProxyType({
    # -- common ---------------------------------------------------------------------------
    T.WELCOME: {"name": "欧阳春花 Chunhua Ouyang-Lindqvist"},
    T.HELP: {},
    T.LANGUAGE_CHOOSE: {},
    T.LANGUAGE_CHOSEN: {},
    T.MENU: {},
    T.NOT_UNDERSTOOD: {"kind": "voice"},
    T.CANCELLED: {},
    # -- errors ---------------------------------------------------------------------------
    T.ERROR_UNEXPECTED: {},
    T.ERROR_EXPIRED: {},
    T.ERROR_UNAVAILABLE: {},
    T.ERROR_NOT_ALLOWED: {},
    T.ERROR_RESIDENT_UNKNOWN: {},
    T.ERROR_CASE_MOVED_ON: {},
    T.ERROR_CASE_WRONG_STATE: {},
    T.ERROR_CASE_UNKNOWN: {},
    T.ERROR_NOT_RESCHEDULABLE: {},
    # booking's refusals
    T.ERROR_ANSWER_REQUIRED: {}, T.ERROR_ANSWER_TOO_LONG: {},
    T.ERROR_ANSWER_CONTROL_CHARACTER: {}, T.ERROR_ANSWER_INVALID_PHONE: {},
    T.ERROR_ANSWER_NOT_MOBILE: {}, T.ERROR_ANSWER_INVALID_DATE: {},
    T.ERROR_ANSWER_IMPLAUSIBLE_DATE: {}, T.ERROR_ANSWER_DATE_IN_FUTURE: {},
    T.ERROR_ANSWER_NOT_A_NUMBER: {}, T.ERROR_ANSWER_UNKNOWN_CHOICE: {},
    T.ERROR_ANSWER_INVALID_YES_NO: {}, T.ERROR_ANSWER_INVALID_PHOTO: {},
    T.ERROR_ANSWER_WRONG_TYPE: {},
    T.ERROR_ANSWER_INVALID_ID_NUMBER: {"field": "id_number", "reason": "checksum"},
    T.ERROR_ANSWER_IMPLAUSIBLE_BIRTH_DATE: {"field": "id_number", "reason": "future"},
    T.ERROR_ANSWER_BELOW_MINIMUM: {"field": "household_size", "minimum": 1},
    T.ERROR_ANSWER_ABOVE_MAXIMUM: {"field": "household_income", "maximum": 10000000},
    T.ERROR_DRAFT_STALE_VERSION: {}, T.ERROR_DRAFT_ALREADY_SUBMITTED: {},
    T.ERROR_DRAFT_INCOMPLETE: {}, T.ERROR_SLOT_FULL: {}, T.ERROR_RESIDENT_NO_VILLAGE: {},
    T.ERROR_BOOKING_REASON_REQUIRED: {}, T.ERROR_CATALOG_UNKNOWN_MATTER: {},
    # -- resident/onboarding and resident/profile -----------------------------------------
    T.ONBOARDING_HELLO: {"name": "欧阳春花 Chunhua Ouyang-Lindqvist"},
    T.ONBOARDING_NOTICE: {},
    T.ONBOARDING_DECLINED: {},
    T.ONBOARDING_PHONE_ASK: {"reason": "foreign"},
    T.ONBOARDING_PHONE_SAVED: {"phone": "+86138****8000"},
    T.ONBOARDING_TOWN: {"missed": "machangying xishuangying shop next door"},
    T.ONBOARDING_VILLAGE: {"town": "Nandulehe Town Government Service Center"},
    T.ONBOARDING_FOUND: {"typed": "machangying xishuangying shop next door"},
    T.ONBOARDING_CONFIRM: {"town": "Machangying Town Government Service Center",
                           "village": "Leyuan Xixiaoqu Community Proxy Service Station"},
    T.ONBOARDING_DONE: {"name": "欧阳春花 Chunhua Ouyang-Lindqvist",
                        "phone": "+86138****8000",
                        "village": "Leyuan Xixiaoqu Community Proxy Service Station"},
    T.WELCOME_BACK: {"name": "欧阳春花 Chunhua Ouyang-Lindqvist"},
    T.PROFILE: {"saved": True, "name": "欧阳春花 Chunhua Ouyang-Lindqvist",
                "phone": "+86138****8000", "speaks": "en",
                "village": "Leyuan Xixiaoqu Community Proxy Service Station"},
    T.PROFILE_NAME_ASK: {"reason": "invalid"},
    T.SETTINGS: {"speaks": "en"},
    T.PRIVACY: {"fields": [
        {"field": "messaging_id", "stored": True, "shown": "1234567890123"},
        {"field": "name", "stored": True, "shown": "O****************************"},
        {"field": "phone", "stored": True, "shown": "+86138****8000"},
        {"field": "id_number", "stored": True, "shown": "110***********002X"},
        {"field": "village_code", "stored": True, "shown": "110117108201"},
        {"field": "language", "stored": True, "shown": "en"},
        {"field": "notice_prefs", "stored": True, "shown": "broadcasts=off,reminders=on"}],
        "village": "Leyuan Xixiaoqu Community Proxy Service Station",
        "cases": 12, "open_drafts": 2},
    T.PRIVACY_ERASE_CONFIRM: {"cases": 12},
    T.PRIVACY_ERASED: {},
    T.ASK_STATION: {"office": {"name": "Leyuan Xixiaoqu Community Proxy Service Station",
                               "phone": "010-69983693",
                               "opening_hours": "08:30-11:30,14:00-17:00",
                               "address": "Leyuan Xixiaoqu Residents Committee, Xinggu, Pinggu"}},
    # -- resident/catalog -----------------------------------------------------------------
    # (one long matter, SJ01-like with the longest texts, shared by its screens via :=)
    T.CATALOG_CATEGORIES: {},
    T.CATALOG_MATTERS: {"category": {"key": "social_assistance", "matter_count": 5,
                                     "name": {"zh": "户籍与家庭生活事项",
                                              "en": "Household registration and family life"}},
                        "page": 2, "pages": 2},
    T.CATALOG_CARD: {"matter": (_catalog_matter := {
        "code": "SJ01", "category": "social_assistance",
        "name": {"zh": "最低生活保障（低保）申请",
                 "en": "Minimum living allowance (dibao) - application"},
        "description": {
            "zh": "家庭人均收入低于本市低保标准、家庭财产也符合规定的，可以申请低保，"
                  "每月领取低保金补足差额。",
            "en": "A household whose income per head is below the city's standard, and whose "
                  "property meets the rules, can apply for the minimum living allowance and "
                  "receive the difference every month."},
        "eligibility": {
            "zh": "本区户籍、共同生活的家庭成员人均收入低于本市低保标准，且家庭财产状况符合"
                  "本市规定的家庭。",
            "en": "Households registered in this district whose members living together have "
                  "an income per head below the city's standard and whose property meets the "
                  "city's rules."},
        "department": {"zh": "区民政局（乡镇社会救助经办）",
                       "en": "District Civil Affairs Bureau (handled by the town social "
                             "assistance office)"},
        "materials": ([
            {"name": {"zh": "共同生活家庭成员的居民身份证",
                      "en": "ID cards of all household members living together"},
             "originals": 1, "copies": 1, "requirement": "required",
             "station_keeps_original": False},
            {"name": {"zh": "家庭收入和财产状况申报表",
                      "en": "Household income and property declaration"},
             "originals": 1, "copies": 0, "requirement": "required",
             "station_keeps_original": True},
            {"name": {"zh": "残疾人证或疾病诊断证明（如有）",
                      "en": "Disability certificate or diagnosis (if any)"},
             "originals": 1, "copies": 1, "requirement": "optional",
             "station_keeps_original": False},
            {"name": {"zh": "户主或申请人银行卡（一卡通）",
                      "en": "Bank card of the applicant (for the payment)"},
             "originals": 0, "copies": 1, "requirement": "later",
             "station_keeps_original": False},
        ] * 2)[:6],
        "promised_limit": {"days": 25, "unit": "working_days", "estimate": True},
        "legal_limit": {"days": 30, "unit": "working_days", "estimate": False},
        "fee_yuan": 12.5,
        "fee_note": {"zh": "工本费，当场交。", "en": "For the card, paid on the spot."},
        "trips": 1, "trips_reason": {"zh": "本人要到镇里按手印。",
                                     "en": "You give your fingerprints at the town in person."},
        "home_visit": True,
        "faq": [{"question": {"zh": "申请低保，邻居会知道吗？",
                              "en": "Will my neighbours know?"},
                 "answer": {"zh": "会。审核意见和低保家庭名单要在村里公示，但不公开身份证号、"
                                  "收入明细等隐私信息。",
                            "en": "Yes. The decision and the names of allowance households "
                                  "are published in the village, but not ID numbers or "
                                  "income details."}}] * 4,
    }),
        "way": ["village", "town", "district", "village"],
        "offices": {"village": "Machangying Village Proxy Service Station",
                    "town": "Machangying Town Government Service Center",
                    "district": "Pinggu District Government Service Center"}},
    T.CATALOG_MATERIALS: {"matter": _catalog_matter},
    T.CATALOG_ELIGIBILITY: {"matter": _catalog_matter},
    T.CATALOG_FAQ: {"matter": _catalog_matter},
    T.CATALOG_FOUND: {"typed": "minimum living allowance <b>dibao</b> & disability card"},
    T.CATALOG_NOT_FOUND: {"typed": "minimum living allowance <b>dibao</b> & disability card"},
    # -- resident/booking -----------------------------------------------------------------
    # (SJ01 with the longest labels; a long station name and address)
    T.BOOKING_RESUME: {"matter": (_booking_matter := {
        "zh": "最低生活保障（低保）申请",
        "en": "Minimum living allowance (dibao) - application"}), "answered": 12},
    T.BOOKING_NOTHING: {},
    T.BOOKING_CONSENT: {"matter": _booking_matter},
    T.BOOKING_ID_ASK: {},
    T.BOOKING_ID_SAVED: {"masked": "110***********002X"},
    T.BOOKING_ID_SKIPPED: {},
    T.BOOKING_QUESTION: {"matter": _booking_matter, "field": {
        "key": "household_relationship", "type": "multi_choice", "required": False,
        "label": {"zh": "共同生活的家庭人口数", "en":
                  "Number of people living together in the household"},
        "hint": {"zh": "收入情况在代办点或入户调查时当面登记。",
                 "en": "Income is recorded in person at the station or during the home visit."},
        "choices": [{"key": f"c{n}", "label": {"zh": "其他亲属家", "en":
                     "Another relative's household"}} for n in range(5)]}},
    T.BOOKING_WAYS: {"home_visit": True},
    T.BOOKING_DAYS: {"taken": True, "days": 0, "station": (_booking_station := {
        "address": "Xishuangying Villagers Committee, east side, Machangying Town, Pinggu",
        "opening_hours": "08:30-11:30,14:00-17:00", "phone": "010-69931112"}),
        "station_name": (_booking_station_name := {
            "zh": "乐园西小区社区便民代办服务站",
            "en": "Leyuan Xixiaoqu Community Proxy Service Station"})},
    T.BOOKING_TIMES: {"day": dt.datetime(2026, 11, 26, 8, 30)},
    T.BOOKING_REASON_ASK: {},
    T.BOOKING_SUMMARY: {
        "matter": _booking_matter, "how": "h",
        "slot": dt.datetime(2026, 11, 26, 8, 30),
        "note": "Cannot walk far since a fall last winter",
        "answers": [
            {"label": {"zh": "你是为谁家申请？", "en": "Whose household is applying?"},
             "type": "choice", "value": "other_family",
             "choices": [{"zh": "其他亲属家", "en": "Another relative's household"}]},
            {"label": {"zh": "共同生活的家庭人口数",
                       "en": "Number of people living together in the household"},
             "type": "number", "value": 12, "choices": []},
            {"label": {"zh": "家里是否有残疾人或重病患者？",
                       "en": "Is anyone in the household disabled or seriously ill?"},
             "type": "yes_no", "value": True, "choices": []},
            {"label": {"zh": "拍一张需要改造地方的照片（可选）",
                       "en": "A photo of the place that needs work (optional)"},
             "type": "photo", "value": "AgACAgIAAxkBAAIB", "choices": []},
            {"label": {"zh": "入户调查什么时间家里有人？",
                       "en": "When is someone at home for the home visit?"},
             "type": "choice", "value": None, "choices": []}],
        "station_fields": [
            {"zh": "家庭月收入大约多少？",
             "en": "About how much does the household earn a month?"},
            {"zh": "家里是否有残疾人或重病患者？",
             "en": "Is anyone in the household disabled or seriously ill?"}]},
    T.BOOKING_CHANGE: {},
    T.BOOKING_DONE: {"case": {"number": "PG2026000123", "booking": {"kind": "slot"}},
                     "slot": dt.datetime(2026, 11, 26, 8, 30), "due": dt.date(2027, 1, 4),
                     "station": _booking_station, "station_name": _booking_station_name},
    T.BOOKING_CHECKLIST: {"materials": [
        {"name": {"zh": "共同生活家庭成员的居民身份证",
                  "en": "ID cards of all household members living together"},
         "originals": 1, "copies": 1, "requirement": ["required", "optional", "later"][n % 3]}
        for n in range(6)]},
    # -- resident/cases and notify/ -------------------------------------------------------
    T.CASES_LIST: {"cases": [
        {"number": f"PG202600012{i}", "state": state,
         "matter_name": _CASE_SAMPLE["matter_name"]}
        for i, state in enumerate(("result_ready", "awaiting_material", "booked", "public_notice",
                                   "withdrawn", "cancelled"))]},
    T.CASES_DETAIL: {
        "case": _CASE_SAMPLE,
        "office": {"zh": "北京市通州区永乐店镇政务服务中心",
                   "en": "Yongledian Town Government Service Center"},
        "slot": dt.datetime(2026, 11, 27, 9, 30),
        "events": [{"at": dt.datetime(2026, 11, 20 + i), "action": action} for i, action in
                   enumerate(("book", "claim", "accept", "request_material",
                              "receive_material", "forward", "return_to_lower_tier"))]},
    T.CASES_CONFIRM: {"case": _CASE_SAMPLE, "action": "withdraw"},
    T.CASES_DONE: {"case": _CASE_SAMPLE},
    T.CASES_REMINDER: {
        "case": _CASE_SAMPLE, "slot": dt.datetime(2026, 11, 27, 9, 30),
        "station": {"zh": "永乐店镇西槐庄村便民代办服务站",
                    "en": "Xihuaizhuang Village Proxy Service Station"},
        "address": "Xihuaizhuang Village Committee, No. 1 Main Street, Yongledian"},
    T.CASES_COMING: {},
    T.CASES_PICK_DAY: {"case": _CASE_SAMPLE, "days": 0},
    T.CASES_PICK_TIME: {"day": dt.date(2026, 11, 27)},
    T.CASES_RESCHEDULED: {"case": _CASE_SAMPLE, "slot": dt.datetime(2026, 11, 30, 14, 0)},
    # -- resident/notices and staff/prompts (the notifier's messages) --------------------
    # (a long matter, office and station; the staff's reason in the sample is English, as
    # an English screen must show no Chinese of the template's own)
    T.NOTICE_BOOKED: (_notice := {
        "case": {"number": "PG2026000123", "booking": {"kind": "slot", "note": None},
                 "matter_name": {"zh": "最低生活保障（低保）申请",
                                 "en": "Minimum living allowance (dibao) - application"},
                 "service_clock": {"stopped": False, "paused": False,
                                   "due": dt.date(2026, 12, 30)}},
        "office": {"zh": "北京市平谷区马昌营镇人民政府政务服务中心",
                   "en": "Machangying Town Government Service Center, Pinggu District"},
        "station": {"name": {"zh": "乐园西小区社区便民代办服务站",
                             "en": "Leyuan Xixiaoqu Community Proxy Service Station"},
                    "address": "Xishuangying Villagers Committee, east side, Machangying",
                    "opening_hours": "08:30-11:30,14:00-17:00", "phone": "010-69931112"},
        "slot": dt.datetime(2026, 11, 27, 9, 30), "action": "book", "decision": None,
        "days": None, "items": [], "within": False, "follower": False,
        "reason": "The income declaration must be signed by every adult member"}),
    T.NOTICE_RECEIPT: _notice | {"action": "accept"},
    T.NOTICE_MATERIAL: _notice | {"action": "request_material", "items": [
        {"zh": "共同生活家庭成员的居民身份证", "en": "ID cards of all household members living "
                                                "together"},
        {"zh": "家庭收入和财产状况申报表", "en": "Household income and property declaration"},
        "Hospital discharge summary of the applicant's mother (2025)",
        {"zh": "残疾人证或疾病诊断证明（如有）", "en": "Disability certificate or diagnosis"}]},
    T.NOTICE_MATERIAL_RECEIVED: _notice | {"action": "receive_material", "follower": True},
    T.NOTICE_REFUSED: _notice | {"action": "refuse"},
    T.NOTICE_MOVED: _notice | {"action": "return_to_lower_tier", "follower": True},
    T.NOTICE_PUBLIC: _notice | {"action": "end_public_notice", "follower": True},
    T.NOTICE_EXTENDED: _notice | {"action": "extend", "days": 10},
    T.NOTICE_DECIDED: _notice | {"action": "reject", "follower": True},
    T.NOTICE_RESULT_READY: _notice | {"action": "mark_result_ready", "decision": "rejected"},
    T.NOTICE_DELIVERED: _notice | {"action": "deliver", "follower": True},
    T.NOTICE_MISSED: _notice | {"action": "mark_missed"},
    T.PROMPT: {
        "action": "return_to_lower_tier", "slot": dt.datetime(2026, 11, 27, 9, 30),
        "case": _notice["case"] | {
            "resident": {"name": "Chunhua Ouyang-Lindqvist", "phone": "+8613800138000"},
            "booking": {"kind": "home_visit",
                        "note": "Cannot walk far since a fall last winter; call first"},
            "step_clock": {"stopped": False, "due": dt.date(2026, 12, 2)}},
        "materials": _catalog_matter["materials"]},
    T.PROMPT_TAKEN: {"number": "PG2026000123", "matter": _notice["case"]["matter_name"],
                     "holder": "Staff member Ouyang-Lindqvist"},
    T.PROMPT_MOVED_ON: {"number": "PG2026000123", "matter": _notice["case"]["matter_name"],
                        "state": "cancelled", "newer": False},
    T.PROMPT_REASSIGNED: {"number": "PG2026000123",
                          "matter": _notice["case"]["matter_name"]},
    # -- resident/family (family followers): a long matter, long names, many followers ----
    T.FAMILY_LINK: {"case": _notice["case"], "code": "f-" + "A1b2C3d4E5f6G7h8",
                    "link": "https://t.me/daiban_pinggu_service_bot?start=f-A1b2C3d4E5f6G7h8",
                    "expires_at": dt.datetime(2026, 11, 29, 18, 5)},
    T.FAMILY_FOLLOWERS: {"case": _notice["case"], "shared": True,
                         "followers": ["Chunhua Ouyang-Lindqvist"] * 4},
    T.FAMILY_REMOVE_CONFIRM: {"case": _notice["case"], "name": "Chunhua Ouyang-Lindqvist"},
    T.FAMILY_REMOVED: {"name": "Chunhua Ouyang-Lindqvist"},
    T.FAMILY_FOLLOWING: {"number": "PG2026000123", "matter": _notice["case"]["matter_name"]},
    T.ERROR_FOLLOW_USED: {}, T.ERROR_FOLLOW_EXPIRED: {}, T.ERROR_FOLLOW_OWN_CASE: {},
    T.ERROR_FOLLOW_ALREADY_FOLLOWING: {}, T.ERROR_FOLLOW_UNKNOWN: {},
    T.ERROR_FOLLOW_NOT_YOURS: {}, T.ERROR_FOLLOW_UNKNOWN_FOLLOWER: {},
    T.ERROR_FOLLOW_ALREADY_REMOVED: {},
    # -- staff ----------------------------------------------------------------------------
    T.STAFF_JOINED: {"office": _STAFF_OFFICE, "role": "supervisor"},
    T.STAFF_MENU: {"memberships": [{"office": _STAFF_OFFICE, "role": role}
                                   for role in ("agent", "reviewer", "approver", "admin",
                                                "supervisor")], "more": 271},
    T.STAFF_LIST: {"kind": "d", "total": 213, "first": 7, "cases": [
        {**_STAFF_CASE, "state": state,
         "step_clock": {**_STAFF_CASE["step_clock"], "overdue": n % 2 == 0}}
        for n, state in enumerate(("booked", "awaiting_material", "forwarded", "returned",
                                   "public_notice", "result_ready"))]},
    T.STAFF_FIND_ASK: {},
    T.STAFF_FIND_NONE: {"typed": "PG-2026-000123 <b>or so</b> & more"},
    T.STAFF_CARD: {
        "case": _STAFF_CASE, "office": _STAFF_OFFICE, "slot": None,
        "materials": [{"name": {"zh": "共同生活家庭成员的居民身份证和户口簿（原件及复印件）",
                                "en": "ID cards and household register of every member "
                                      "living together (originals and copies)"},
                       "originals": 2, "copies": 3, "requirement": requirement}
                      for requirement in ("required", "optional", "later") * 3]},
    T.STAFF_REASON_ASK: {"case": _STAFF_CASE, "action": "extend", "days": 20},
    T.STAFF_RETURN_ASK: {"case": _STAFF_CASE},
    T.STAFF_DAYS_ASK: {"case": _STAFF_CASE},
    T.STAFF_CONFIRM: {"case": _STAFF_CASE, "action": "return_to_lower_tier", "days": None,
                      "note": True, "reason": "Materials incomplete - the copy of the "
                      "household register lacks its second page <b>&</b>; " * 12},
    T.STAFF_MATERIAL_ASK: {"case": _STAFF_CASE, "ticked": 4,
                           "text": "Also the bank card <b>of the daughter</b> & a photo"},
    T.ERROR_INVITE_UNKNOWN: {}, T.ERROR_INVITE_USED: {}, T.ERROR_INVITE_EXPIRED: {},
    T.ERROR_STAFF_ALREADY_MEMBER: {}, T.ERROR_RIGHTS_NOT_STAFF: {},
    T.ERROR_RIGHTS_NOT_YOURS: {}, T.ERROR_CASE_NOT_ALLOWED: {},
    T.ERROR_CASE_ALREADY_CLAIMED: {}, T.ERROR_CASE_WRONG_STEP: {},
    T.ERROR_CASE_REASON_REQUIRED: {}, T.ERROR_CASE_MATERIAL_LIST_REQUIRED: {},
    T.ERROR_CASE_MATERIAL_ALREADY_REQUESTED: {}, T.ERROR_CASE_ALREADY_EXTENDED: {},
    T.ERROR_CASE_BAD_EXTENSION_DAYS: {},
    **WALK_IN_SAMPLES,  # staff/walk_in, staff/calls and their errors (walk-ins)
    # -- resident/reply and staff/reply: answering a material request (long words, the
    #    most photos; the villager's words are English here, as an English screen must
    #    show no Chinese of the template's own) ---------------------------------------------
    T.REPLY_ASK: {"number": "PG2026000123", "matter": _STAFF_CASE["matter_name"]},
    T.REPLY_GOT: {"number": "PG2026000123", "matter": _STAFF_CASE["matter_name"],
                  "offered": True, "photos": 10,
                  "words": "The second page of the household register <b>&</b> " * 20},
    T.REPLY_SENT: {"number": "PG2026000123", "office": _STAFF_OFFICE, "photos": 10,
                   "words": True},
    T.REPLY_UNSUPPORTED: {"kind": "voice", "office": _STAFF_OFFICE,
                          "phone": "010-69931112 / 138 0013 8000"},
    T.REPLY_CLOSED: {"number": "PG2026000123", "office": _STAFF_OFFICE,
                     "phone": "010-69931112 / 138 0013 8000"},
    T.RELAY: {"number": "PG2026000123", "matter": _STAFF_CASE["matter_name"],
              "holder": False, "photos": 10,
              "words": ("Here is the household register <b>&</b> the income statement; "
                        "the bank card is with my daughter in town until Friday. ") * 9},
    T.RELAY_PHOTO: {"number": "PG2026000123", "index": 10, "total": 10},
    T.ERROR_CASE_REPLY_EMPTY: {}, T.ERROR_CASE_REPLY_TOO_LONG: {},
    # -- staff/team (staff team): a long office, long names, a full office ---------------
    T.TEAM_OFFICES: {"count": 48, "offices": [{"office": _STAFF_OFFICE, "role": role}
                                              for role in ("supervisor", "admin") * 4]},
    T.TEAM_OFFICE: {"office": _STAFF_OFFICE, "staff": [
        {"name": "Chunhua Ouyang-Lindqvist", "role": role,
         "created_at": dt.datetime(2026, 11, 25, 9, 30)}
        for role in ("agent", "reviewer", "approver", "supervisor", "admin") * 8]},
    T.TEAM_BELOW: {"office": _STAFF_OFFICE, "count": 27},
    T.TEAM_MEMBER: (_member := {
        "office": _STAFF_OFFICE,
        "member": {"name": "Chunhua Ouyang-Lindqvist <b>&</b>", "role": "approver",
                   "created_at": dt.datetime(2026, 11, 25, 9, 30)}}),
    T.TEAM_RETIRE_CONFIRM: _member,
    T.TEAM_RETIRED: _member,
    T.TEAM_ROLE_ASK: {"office": _STAFF_OFFICE},
    T.TEAM_INVITE: {"office": _STAFF_OFFICE, "role": "reviewer",
                    "code": "s-AbCdEfGhIjKlMnOp",
                    "link": "https://t.me/daiban_pinggu_bot?start=s-AbCdEfGhIjKlMnOp",
                    "expires_at": dt.datetime(2026, 11, 26, 17, 5)},
    T.TEAM_HELD: {"office": _STAFF_OFFICE, "name": "欧阳春花 Chunhua Ouyang-Lindqvist",
                  "count": 31, "first": 24, "cases": [_STAFF_CASE] * 8},
    T.TEAM_ASSIGNEE_ASK: {"case": _STAFF_CASE, "holder": "Chunhua Ouyang-Lindqvist"},
    T.TEAM_REASSIGNED: {"case": _STAFF_CASE, "name": "欧阳春花 Chunhua Ouyang-Lindqvist"},
    T.ERROR_STAFF_NOT_ALLOWED: {}, T.ERROR_STAFF_CANNOT_RETIRE_SELF: {},
    T.ERROR_STAFF_ALREADY_RETIRED: {}, T.ERROR_STAFF_ROLE_NOT_AT_OFFICE: {},
    T.ERROR_STAFF_UNKNOWN: {}, T.ERROR_OFFICE_UNKNOWN: {}, T.ERROR_CASE_BAD_ASSIGNEE: {},
    # -- custody of originals and carry runs: every holder, long names, a long list --------
    T.ORIGINALS_STAFF: {"number": "PG2026000123", "done": "send", "moves": 3,
                        "places": _PLACES, "originals": _ORIGINALS},
    T.ORIGINALS_TAKE: {"number": "PG2026000123", "ticked": 5},
    T.CARRY_LISTS: {"places": _PLACES, "total": 37, "first": 7, "runs": [
        {"leaving": n % 2 == 0, "run": _RUN | {"seq": n + 1}} for n in range(6)]},
    T.CARRY_RUN: {"places": _PLACES, "run": _RUN, "leaving": False, "first": 9,
                  "count": 16, "items": [
        {"number": f"PG20260001{n:02}", "matter": _STAFF_CASE["matter_name"],
         "originals": [o["name"] for o in _ORIGINALS],
         "received_at": _AT if n % 3 == 0 else None,
         "missing_at": _AT if n % 3 == 1 else None} for n in range(8)]},
    T.ORIGINALS_RESIDENT: {"number": "PG2026000123", "back": True, "done": True,
                           "places": _PLACES, "originals": _ORIGINALS[:5]},
    T.ERROR_CUSTODY_NOT_ALLOWED: {}, T.ERROR_CUSTODY_NOT_AT_STATION: {},
    T.ERROR_CUSTODY_NOT_WITH_RESIDENT: {}, T.ERROR_CUSTODY_NOT_HELD_HERE: {},
    T.ERROR_CUSTODY_NOT_IN_TRANSIT: {}, T.ERROR_CUSTODY_NOT_READY: {},
    T.ERROR_CUSTODY_BAD_DESTINATION: {}, T.ERROR_CUSTODY_NOT_HANDED_BACK: {},
    T.ERROR_CUSTODY_NOT_AN_ORIGINAL: {}, T.ERROR_CUSTODY_NO_ITEMS: {},
    T.ERROR_CARRY_RUN_ALREADY_DEPARTED: {}, T.ERROR_CARRY_RUN_NOT_DEPARTED: {},
    T.ERROR_CARRY_RUN_ALREADY_SETTLED: {}, T.ERROR_CARRY_RUN_NOT_ON_RUN: {},
})
