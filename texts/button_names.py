"""Names of button labels, so that a typo fails at import, not in front of a user.

Kept apart from ``texts.names`` (which re-exports ``B`` beside ``T``, so both are
imported from there) only to keep each module short; each flow keeps its own, clearly
commented section here as it does in ``T``.
"""

from __future__ import annotations

from enum import StrEnum


class B(StrEnum):
    """Every button label: one macro each in ``templates/buttons.j2``, or, for a value
    ``folder:macro``, in ``templates/folder/buttons.j2``.

    ``command_*`` are the descriptions of the command menu (``setMyCommands``), which
    ``common/help`` shows too, so the menu and the help never disagree.

    Labels are plain text (Telegram shows button text as is), so ``Texts.button`` undoes
    the HTML escaping that templates get.
    """

    # -- buttons.j2: shared -------------------------------------------------------------
    COMMAND_START = "command_start"
    COMMAND_HELP = "command_help"
    COMMAND_LANGUAGE = "command_language"
    COMMAND_CANCEL = "command_cancel"
    COMMAND_ME = "command_me"
    COMMAND_PRIVACY = "command_privacy"
    COMMAND_WORK = "command_work"  # staff: the staff menu (handlers/staff)
    COMMAND_TEAM = "command_team"  # staff team: supervisors' and admins' team screen
    HOME = "home"
    BACK = "back"
    CANCEL = "cancel"
    PREVIOUS_PAGE = "previous_page"
    NEXT_PAGE = "next_page"
    LANGUAGE_ZH = "language_zh"
    LANGUAGE_EN = "language_en"
    MENU_FIND = "menu_find"
    MENU_CASES = "menu_cases"
    MENU_ASK = "menu_ask"
    MENU_SETTINGS = "menu_settings"
    MENU_HELP = "menu_help"

    # -- resident/onboarding/buttons.j2 and resident/profile/buttons.j2 -------------------
    ONBOARDING_AGREE = "resident/onboarding:agree"
    ONBOARDING_DECLINE = "resident/onboarding:decline"
    ONBOARDING_SHARE_PHONE = "resident/onboarding:share_phone"
    ONBOARDING_CONFIRM = "resident/onboarding:confirm"
    ONBOARDING_CHANGE = "resident/onboarding:change"
    ONBOARDING_PLACE = "resident/onboarding:place"
    PROFILE_CHANGE_NAME = "resident/profile:change_name"
    PROFILE_CHANGE_PHONE = "resident/profile:change_phone"
    PROFILE_CHANGE_VILLAGE = "resident/profile:change_village"
    PROFILE_CHANGE_LANGUAGE = "resident/profile:change_language"
    PROFILE = "resident/profile:profile"
    PROFILE_PRIVACY = "resident/profile:privacy"
    PROFILE_ERASE = "resident/profile:erase"
    PROFILE_ERASE_YES = "resident/profile:erase_yes"
    PROFILE_ERASE_NO = "resident/profile:erase_no"
    PROFILE_BROADCASTS = "resident/profile:broadcasts"
    PROFILE_REMINDERS = "resident/profile:reminders"

    # -- resident/catalog/buttons.j2 ----------------------------------------------------
    CATALOG_BOOK = "resident/catalog:book"
    CATALOG_MATERIALS = "resident/catalog:materials"
    CATALOG_ELIGIBILITY = "resident/catalog:eligibility"
    CATALOG_FAQ = "resident/catalog:faq"
    CATALOG_BY_CATEGORY = "resident/catalog:by_category"

    # -- resident/booking/buttons.j2 ----------------------------------------------------
    BOOKING_CONTINUE = "resident/booking:continue"
    BOOKING_START_OVER = "resident/booking:start_over"
    BOOKING_AGREE = "resident/booking:agree"
    BOOKING_ID_LATER = "resident/booking:id_later"
    BOOKING_YES = "resident/booking:yes"
    BOOKING_NO = "resident/booking:no"
    BOOKING_SKIP = "resident/booking:skip"
    BOOKING_SLOT = "resident/booking:slot"
    BOOKING_DROP_OFF = "resident/booking:drop_off"
    BOOKING_HOME_VISIT = "resident/booking:home_visit"
    BOOKING_DAY = "resident/booking:day"
    BOOKING_CONFIRM = "resident/booking:confirm"
    BOOKING_CHANGE = "resident/booking:change"
    BOOKING_DROP = "resident/booking:drop"
    BOOKING_WAY = "resident/booking:way"

    # -- resident/cases/buttons.j2 ------------------------------------------------------
    CASES_OPEN = "resident/cases:open"
    CASES_CANCEL = "resident/cases:cancel"
    CASES_WITHDRAW = "resident/cases:withdraw"
    CASES_CONFIRM_CANCEL = "resident/cases:confirm_cancel"
    CASES_KEEP = "resident/cases:keep"
    CASES_REASON_NOT_NEEDED = "resident/cases:reason_not_needed"
    CASES_REASON_ELSEWHERE = "resident/cases:reason_elsewhere"
    CASES_REASON_OTHER = "resident/cases:reason_other"
    CASES_COMING = "resident/cases:coming"
    CASES_CHANGE_TIME = "resident/cases:change_time"
    CASES_DAY = "resident/cases:day"
    CASES_TIME = "resident/cases:time"

    # -- staff/menu/buttons.j2 ----------------------------------------------------------
    STAFF_NEW = "staff/menu:new_cases"
    STAFF_MINE = "staff/menu:my_cases"
    STAFF_WAITING = "staff/menu:waiting"
    STAFF_DUE = "staff/menu:due"
    STAFF_FIND = "staff/menu:find"
    STAFF_VILLAGER = "staff/menu:villager_menu"
    STAFF_HOME = "staff/menu:staff_menu"
    STAFF_OPEN = "staff/menu:open"

    # -- staff/cases/buttons.j2: one label per staff action, then the follow-ups ----------
    STAFF_CLAIM = "staff/cases:claim"
    STAFF_ACCEPT = "staff/cases:accept"
    STAFF_REFUSE = "staff/cases:refuse"
    STAFF_REQUEST_MATERIAL = "staff/cases:request_material"
    STAFF_RECEIVE_MATERIAL = "staff/cases:receive_material"
    STAFF_FORWARD = "staff/cases:forward"
    STAFF_RETURN = "staff/cases:return_to_lower_tier"
    STAFF_START_NOTICE = "staff/cases:start_public_notice"
    STAFF_END_NOTICE = "staff/cases:end_public_notice"
    STAFF_EXTEND = "staff/cases:extend"
    STAFF_APPROVE = "staff/cases:approve"
    STAFF_REJECT = "staff/cases:reject"
    STAFF_RESULT_READY = "staff/cases:mark_result_ready"
    STAFF_DELIVER = "staff/cases:deliver"
    STAFF_MARK_MISSED = "staff/cases:mark_missed"
    STAFF_REFRESH = "staff/cases:refresh"
    STAFF_BACK_TO_CASE = "staff/cases:back_to_case"
    STAFF_RETURN_INCOMPLETE = "staff/cases:return_incomplete"
    STAFF_RETURN_WRONG = "staff/cases:return_wrong"
    STAFF_RETURN_CHECK = "staff/cases:return_check"
    STAFF_RETURN_CONDITIONS = "staff/cases:return_conditions"
    STAFF_DAYS = "staff/cases:days"
    STAFF_MATERIAL = "staff/cases:material"
    STAFF_SEND = "staff/cases:send"

    # -- resident/notices/buttons.j2 and staff/prompts/buttons.j2 (the notifier's) ------
    NOTICE_OPEN = "resident/notices:open"
    NOTICE_NEW_TIME = "resident/notices:new_time"
    PROMPT_CLAIM = "staff/prompts:claim"

    # -- resident/family/buttons.j2 (family followers) -----------------------------------
    FAMILY_SHARE = "resident/family:share"
    FAMILY_NEW_LINK = "resident/family:new_link"
    FAMILY_REMOVE = "resident/family:remove"
    FAMILY_CONFIRM_REMOVE = "resident/family:confirm_remove"
    FAMILY_LIST = "resident/family:family"

    # -- staff/walk_in/buttons.j2 and staff/calls/buttons.j2 (walk-ins) -----------------
    WALK_IN_MENU = "staff/walk_in:menu"
    WALK_IN_NO_PHONE = "staff/walk_in:no_phone"
    WALK_IN_WRITTEN = "staff/walk_in:written"
    WALK_IN_BY_PHONE = "staff/walk_in:by_phone"
    WALK_IN_BY_CATEGORY = "staff/walk_in:by_category"
    WALK_IN_BOOK = "staff/walk_in:book"
    WALK_IN_OPEN_CASE = "staff/walk_in:open_case"
    CALLS_MENU = "staff/calls:menu"
    CALLS_CALL = "staff/calls:call"
    CALLS_REACHED = "staff/calls:reached"
    CALLS_VISITED = "staff/calls:visited"
    CALLS_NO_ANSWER = "staff/calls:no_answer"

    # -- resident/reply/buttons.j2 and staff/reply/buttons.j2 (answering material) -------
    REPLY_ANSWER = "resident/reply:answer"
    REPLY_SEND = "resident/reply:send"
    REPLY_DROP = "resident/reply:drop"
    RELAY_OPEN = "staff/reply:open"

    # -- staff/team/buttons.j2 (staff team) ---------------------------------------------
    TEAM_OFFICE = "staff/team:office"
    TEAM_MEMBER = "staff/team:member"
    TEAM_ROLE = "staff/team:role"
    TEAM_INVITE = "staff/team:invite"
    TEAM_BELOW = "staff/team:below"
    TEAM_FORMER = "staff/team:former"
    TEAM_RETIRE = "staff/team:retire"
    TEAM_CONFIRM_RETIRE = "staff/team:confirm_retire"
    TEAM_HELD = "staff/team:held"
    TEAM_CASE = "staff/team:case"
    TEAM_TEAM = "staff/team:team"

    # -- custody of originals and carry runs: staff/originals/buttons.j2,
    #    staff/carry/buttons.j2, resident/originals/buttons.j2 -------------------------
    ORIGINALS_OPEN = "staff/originals:open"
    ORIGINALS_TAKE = "staff/originals:take"
    ORIGINALS_TICK = "staff/originals:tick"
    ORIGINALS_CONFIRM_TAKE = "staff/originals:confirm_take"
    ORIGINALS_SEND = "staff/originals:send"
    ORIGINALS_RECEIVE = "staff/originals:receive"
    ORIGINALS_HAND_BACK = "staff/originals:hand_back"
    ORIGINALS_CASE = "staff/originals:case"
    CARRY_MENU = "staff/carry:lists"
    CARRY_RUN = "staff/carry:run"
    CARRY_DEPART = "staff/carry:depart"
    CARRY_RECEIVED = "staff/carry:received"
    CARRY_MISSING = "staff/carry:missing"
    CARRY_ALL = "staff/carry:all"
    ORIGINALS_WHERE = "resident/originals:where"
    ORIGINALS_GOT_BACK = "resident/originals:got_back"
