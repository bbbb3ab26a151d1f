"""Names of templates and button labels, so that a typo fails at import, not in front of a user.

A template's name is its path under ``texts/templates`` without ``.j2``: the name says
who reads it (``common``, ``resident``, ``staff``, ``errors``...) and what for. A
button's name is the name of its macro in ``templates/buttons.j2`` (``B`` lives in
``texts.button_names``, to keep each module short, and is imported from here).
"""

from __future__ import annotations

from enum import StrEnum

from texts.button_names import B

__all__ = ["COMMANDS", "B", "T"]

COMMANDS = ("start", "help", "language", "me", "privacy", "work", "team", "cancel")
"""The bot's command menu, in order; each has a `command_<name>` button label, which
the menu (setMyCommands) and the help screen both show."""


class T(StrEnum):
    """Every message or screen template; the tests check that each has a file and back."""

    # -- common: everyone ------------------------------------------------------------
    WELCOME = "common/welcome"
    HELP = "common/help"
    LANGUAGE_CHOOSE = "common/language_choose"
    LANGUAGE_CHOSEN = "common/language_chosen"
    MENU = "common/menu"
    NOT_UNDERSTOOD = "common/not_understood"
    CANCELLED = "common/cancelled"

    # -- errors: errors/<code> answers the case service's refusal <code> ----------------
    ERROR_UNEXPECTED = "errors/unexpected"
    ERROR_EXPIRED = "errors/expired"
    ERROR_UNAVAILABLE = "errors/unavailable"
    ERROR_NOT_ALLOWED = "errors/not_allowed"
    ERROR_RESIDENT_UNKNOWN = "errors/resident.unknown"
    ERROR_CASE_MOVED_ON = "errors/case.moved_on"
    ERROR_CASE_WRONG_STATE = "errors/case.wrong_state"
    ERROR_CASE_UNKNOWN = "errors/case.unknown"
    ERROR_NOT_RESCHEDULABLE = "errors/booking.not_reschedulable"
    # booking's refusals: a form answer, a slot, a draft
    ERROR_ANSWER_REQUIRED = "errors/answer.required"
    ERROR_ANSWER_TOO_LONG = "errors/answer.too_long"
    ERROR_ANSWER_CONTROL_CHARACTER = "errors/answer.control_character"
    ERROR_ANSWER_INVALID_PHONE = "errors/answer.invalid_phone"
    ERROR_ANSWER_NOT_MOBILE = "errors/answer.not_mobile"
    ERROR_ANSWER_INVALID_DATE = "errors/answer.invalid_date"
    ERROR_ANSWER_IMPLAUSIBLE_DATE = "errors/answer.implausible_date"
    ERROR_ANSWER_DATE_IN_FUTURE = "errors/answer.date_in_future"
    ERROR_ANSWER_NOT_A_NUMBER = "errors/answer.not_a_number"
    ERROR_ANSWER_UNKNOWN_CHOICE = "errors/answer.unknown_choice"
    ERROR_ANSWER_INVALID_YES_NO = "errors/answer.invalid_yes_no"
    ERROR_ANSWER_INVALID_PHOTO = "errors/answer.invalid_photo"
    ERROR_ANSWER_WRONG_TYPE = "errors/answer.wrong_type"
    ERROR_ANSWER_INVALID_ID_NUMBER = "errors/answer.invalid_id_number"
    ERROR_ANSWER_IMPLAUSIBLE_BIRTH_DATE = "errors/answer.implausible_birth_date"
    ERROR_ANSWER_BELOW_MINIMUM = "errors/answer.below_minimum"
    ERROR_ANSWER_ABOVE_MAXIMUM = "errors/answer.above_maximum"
    ERROR_DRAFT_STALE_VERSION = "errors/draft.stale_version"
    ERROR_DRAFT_ALREADY_SUBMITTED = "errors/draft.already_submitted"
    ERROR_DRAFT_INCOMPLETE = "errors/draft.incomplete"
    ERROR_SLOT_FULL = "errors/slot.full"
    ERROR_RESIDENT_NO_VILLAGE = "errors/resident.no_village"
    ERROR_BOOKING_REASON_REQUIRED = "errors/booking.reason_required"
    ERROR_CATALOG_UNKNOWN_MATTER = "errors/catalog.unknown_matter"

    # -- resident/onboarding and resident/profile ----------------------------------------
    ONBOARDING_HELLO = "resident/onboarding/hello"
    ONBOARDING_NOTICE = "resident/onboarding/notice"
    ONBOARDING_DECLINED = "resident/onboarding/declined"
    ONBOARDING_PHONE_ASK = "resident/onboarding/phone_ask"
    ONBOARDING_PHONE_SAVED = "resident/onboarding/phone_saved"
    ONBOARDING_TOWN = "resident/onboarding/town_choose"
    ONBOARDING_VILLAGE = "resident/onboarding/village_choose"
    ONBOARDING_FOUND = "resident/onboarding/found"
    ONBOARDING_CONFIRM = "resident/onboarding/confirm"
    ONBOARDING_DONE = "resident/onboarding/done"
    WELCOME_BACK = "resident/onboarding/welcome_back"
    PROFILE = "resident/profile/profile"
    PROFILE_NAME_ASK = "resident/profile/name_ask"
    SETTINGS = "resident/profile/settings"
    PRIVACY = "resident/profile/privacy"
    PRIVACY_ERASE_CONFIRM = "resident/profile/erase_confirm"
    PRIVACY_ERASED = "resident/profile/erased"
    ASK_STATION = "resident/profile/ask"

    # -- resident/catalog -------------------------------------------------------------
    CATALOG_CATEGORIES = "resident/catalog/categories"
    CATALOG_MATTERS = "resident/catalog/matters"
    CATALOG_CARD = "resident/catalog/card"
    CATALOG_MATERIALS = "resident/catalog/materials"
    CATALOG_ELIGIBILITY = "resident/catalog/eligibility"
    CATALOG_FAQ = "resident/catalog/faq"
    CATALOG_FOUND = "resident/catalog/found"
    CATALOG_NOT_FOUND = "resident/catalog/not_found"

    # -- resident/booking -------------------------------------------------------------
    BOOKING_RESUME = "resident/booking/resume"
    BOOKING_NOTHING = "resident/booking/nothing"
    BOOKING_CONSENT = "resident/booking/consent"
    BOOKING_ID_ASK = "resident/booking/id_ask"
    BOOKING_ID_SAVED = "resident/booking/id_saved"
    BOOKING_ID_SKIPPED = "resident/booking/id_skipped"
    BOOKING_QUESTION = "resident/booking/question"
    BOOKING_WAYS = "resident/booking/ways"
    BOOKING_DAYS = "resident/booking/days"
    BOOKING_TIMES = "resident/booking/times"
    BOOKING_REASON_ASK = "resident/booking/reason_ask"
    BOOKING_SUMMARY = "resident/booking/summary"
    BOOKING_CHANGE = "resident/booking/change"
    BOOKING_DONE = "resident/booking/done"
    BOOKING_CHECKLIST = "resident/booking/checklist"

    # -- resident/cases and notify/ ---------------------------------------------------
    CASES_LIST = "resident/cases/list"
    CASES_DETAIL = "resident/cases/detail"
    CASES_CONFIRM = "resident/cases/confirm"
    CASES_DONE = "resident/cases/done"
    CASES_REMINDER = "resident/cases/reminder"
    CASES_COMING = "resident/cases/coming"
    CASES_PICK_DAY = "resident/cases/days"
    CASES_PICK_TIME = "resident/cases/times"
    CASES_RESCHEDULED = "resident/cases/rescheduled"

    # -- staff: joining, the staff menu and its lists, the case card, its follow-ups -----
    STAFF_JOINED = "staff/menu/joined"
    STAFF_MENU = "staff/menu/menu"
    STAFF_LIST = "staff/menu/list"
    STAFF_FIND_ASK = "staff/menu/find_ask"
    STAFF_FIND_NONE = "staff/menu/find_none"
    STAFF_CARD = "staff/cases/card"
    STAFF_REASON_ASK = "staff/cases/reason_ask"
    STAFF_RETURN_ASK = "staff/cases/return_ask"
    STAFF_DAYS_ASK = "staff/cases/days_ask"
    STAFF_CONFIRM = "staff/cases/confirm"
    STAFF_MATERIAL_ASK = "staff/cases/material_ask"
    # staff's refusals: errors/<code> (joining, then acting on a case)
    ERROR_INVITE_UNKNOWN = "errors/invite.unknown"
    ERROR_INVITE_USED = "errors/invite.used"
    ERROR_INVITE_EXPIRED = "errors/invite.expired"
    ERROR_STAFF_ALREADY_MEMBER = "errors/staff.already_member"
    ERROR_RIGHTS_NOT_STAFF = "errors/rights.not_staff"
    ERROR_RIGHTS_NOT_YOURS = "errors/rights.not_yours"
    ERROR_CASE_NOT_ALLOWED = "errors/case.not_allowed"
    ERROR_CASE_ALREADY_CLAIMED = "errors/case.already_claimed"
    ERROR_CASE_WRONG_STEP = "errors/case.wrong_step"
    ERROR_CASE_REASON_REQUIRED = "errors/case.reason_required"
    ERROR_CASE_MATERIAL_LIST_REQUIRED = "errors/case.material_list_required"
    ERROR_CASE_MATERIAL_ALREADY_REQUESTED = "errors/case.material_already_requested"
    ERROR_CASE_ALREADY_EXTENDED = "errors/case.already_extended"
    ERROR_CASE_BAD_EXTENSION_DAYS = "errors/case.bad_extension_days"

    # -- resident/notices and staff/prompts: the notifier's messages (bot/notifier.py) ---
    NOTICE_BOOKED = "resident/notices/booked"
    NOTICE_RECEIPT = "resident/notices/receipt"
    NOTICE_MATERIAL = "resident/notices/material"
    NOTICE_MATERIAL_RECEIVED = "resident/notices/material_received"
    NOTICE_REFUSED = "resident/notices/refused"
    NOTICE_MOVED = "resident/notices/moved"
    NOTICE_PUBLIC = "resident/notices/public_notice"
    NOTICE_EXTENDED = "resident/notices/extended"
    NOTICE_DECIDED = "resident/notices/decided"
    NOTICE_RESULT_READY = "resident/notices/result_ready"
    NOTICE_DELIVERED = "resident/notices/delivered"
    NOTICE_MISSED = "resident/notices/missed"
    PROMPT = "staff/prompts/prompt"
    PROMPT_TAKEN = "staff/prompts/taken"
    PROMPT_MOVED_ON = "staff/prompts/moved_on"
    PROMPT_REASSIGNED = "staff/prompts/reassigned"

    # -- resident/family: family members follow a villager's case (family followers) -----
    FAMILY_LINK = "resident/family/link"
    FAMILY_FOLLOWERS = "resident/family/followers"
    FAMILY_REMOVE_CONFIRM = "resident/family/remove_confirm"
    FAMILY_REMOVED = "resident/family/removed"
    FAMILY_FOLLOWING = "resident/family/following"
    # following's refusals: errors/<code>
    ERROR_FOLLOW_USED = "errors/follow.used"
    ERROR_FOLLOW_EXPIRED = "errors/follow.expired"
    ERROR_FOLLOW_OWN_CASE = "errors/follow.own_case"
    ERROR_FOLLOW_ALREADY_FOLLOWING = "errors/follow.already_following"
    ERROR_FOLLOW_UNKNOWN = "errors/follow.unknown"
    ERROR_FOLLOW_NOT_YOURS = "errors/follow.not_yours"
    ERROR_FOLLOW_UNKNOWN_FOLLOWER = "errors/follow.unknown_follower"
    ERROR_FOLLOW_ALREADY_REMOVED = "errors/follow.already_removed"

    # -- staff/walk_in and staff/calls: walk-in villagers, the call list (walk-ins) ------
    WALK_IN_STATION = "staff/walk_in/station"
    WALK_IN_NO_STATION = "staff/walk_in/no_station"
    WALK_IN_NAME_ASK = "staff/walk_in/name_ask"
    WALK_IN_PHONE_ASK = "staff/walk_in/phone_ask"
    WALK_IN_AUTH_ASK = "staff/walk_in/auth_ask"
    WALK_IN_NOTE_ASK = "staff/walk_in/note_ask"
    WALK_IN_MATTER = "staff/walk_in/matter"
    WALK_IN_FOUND = "staff/walk_in/found"
    WALK_IN_MATTERS = "staff/walk_in/matters"
    WALK_IN_SUMMARY = "staff/walk_in/summary"
    WALK_IN_DONE = "staff/walk_in/done"
    CALLS_TASK = "staff/calls/task"
    CALLS_RING = "staff/calls/ring"
    # walk-ins' and the call list's refusals: errors/<code>
    ERROR_WALK_IN_NAME_REQUIRED = "errors/walk_in.name_required"
    ERROR_WALK_IN_AUTHORIZATION_REQUIRED = "errors/walk_in.authorization_required"
    ERROR_WALK_IN_AUTHORIZATION_NOTE_REQUIRED = "errors/walk_in.authorization_note_required"
    ERROR_RIGHTS_NOT_STATION_STAFF = "errors/rights.not_station_staff"
    ERROR_RESIDENT_UNKNOWN_VILLAGE = "errors/resident.unknown_village"
    ERROR_DRAFT_UNKNOWN = "errors/draft.unknown"
    ERROR_CALL_TASK_ALREADY_DONE = "errors/call_task.already_done"
    ERROR_CALL_TASK_UNKNOWN = "errors/call_task.unknown"
    ERROR_CALL_TASK_BAD_OUTCOME = "errors/call_task.bad_outcome"

    # -- resident/reply and staff/reply: the villager answers a material request right in
    #    the chat, and the holder gets the answer (handlers/resident/reply.py, bot/relay.py)
    REPLY_ASK = "resident/reply/ask"
    REPLY_GOT = "resident/reply/got"
    REPLY_SENT = "resident/reply/sent"
    REPLY_UNSUPPORTED = "resident/reply/unsupported"
    REPLY_CLOSED = "resident/reply/closed"
    RELAY = "staff/reply/relayed"
    RELAY_PHOTO = "staff/reply/photo"
    ERROR_CASE_REPLY_EMPTY = "errors/case.reply_empty"
    ERROR_CASE_REPLY_TOO_LONG = "errors/case.reply_too_long"

    # -- staff/team: supervisors and admins manage their offices' staff (staff team) -----
    TEAM_OFFICES = "staff/team/offices"
    TEAM_OFFICE = "staff/team/office"
    TEAM_BELOW = "staff/team/below"
    TEAM_MEMBER = "staff/team/member"
    TEAM_RETIRE_CONFIRM = "staff/team/retire_confirm"
    TEAM_RETIRED = "staff/team/retired"
    TEAM_ROLE_ASK = "staff/team/role_ask"
    TEAM_INVITE = "staff/team/invite"
    TEAM_HELD = "staff/team/held"
    TEAM_ASSIGNEE_ASK = "staff/team/assignee_ask"
    TEAM_REASSIGNED = "staff/team/reassigned"
    # team management's refusals: errors/<code>
    ERROR_STAFF_NOT_ALLOWED = "errors/staff.not_allowed"
    ERROR_STAFF_CANNOT_RETIRE_SELF = "errors/staff.cannot_retire_self"
    ERROR_STAFF_ALREADY_RETIRED = "errors/staff.already_retired"
    ERROR_STAFF_ROLE_NOT_AT_OFFICE = "errors/staff.role_not_at_office"
    ERROR_STAFF_UNKNOWN = "errors/staff.unknown"
    ERROR_OFFICE_UNKNOWN = "errors/office.unknown"
    ERROR_CASE_BAD_ASSIGNEE = "errors/case.bad_assignee"

    # -- custody of originals and carry runs (staff/originals, staff/carry,
    #    resident/originals) -------------------------------------------------------------
    ORIGINALS_STAFF = "staff/originals/screen"
    ORIGINALS_TAKE = "staff/originals/take"
    CARRY_LISTS = "staff/carry/lists"
    CARRY_RUN = "staff/carry/run"
    ORIGINALS_RESIDENT = "resident/originals/where"
    # custody's refusals: errors/<code>
    ERROR_CUSTODY_NOT_ALLOWED = "errors/custody.not_allowed"
    ERROR_CUSTODY_NOT_AT_STATION = "errors/custody.not_at_station"
    ERROR_CUSTODY_NOT_WITH_RESIDENT = "errors/custody.not_with_resident"
    ERROR_CUSTODY_NOT_HELD_HERE = "errors/custody.not_held_here"
    ERROR_CUSTODY_NOT_IN_TRANSIT = "errors/custody.not_in_transit"
    ERROR_CUSTODY_NOT_READY = "errors/custody.not_ready"
    ERROR_CUSTODY_BAD_DESTINATION = "errors/custody.bad_destination"
    ERROR_CUSTODY_NOT_HANDED_BACK = "errors/custody.not_handed_back"
    ERROR_CUSTODY_NOT_AN_ORIGINAL = "errors/custody.not_an_original"
    ERROR_CUSTODY_NO_ITEMS = "errors/custody.no_items"
    ERROR_CARRY_RUN_ALREADY_DEPARTED = "errors/carry_run.already_departed"
    ERROR_CARRY_RUN_NOT_DEPARTED = "errors/carry_run.not_departed"
    ERROR_CARRY_RUN_ALREADY_SETTLED = "errors/carry_run.already_settled"
    ERROR_CARRY_RUN_NOT_ON_RUN = "errors/carry_run.not_on_run"

    @property
    def path(self) -> str:
        """The file the loader reads, relative to ``texts/templates``."""
        return f"{self.value}.j2"
