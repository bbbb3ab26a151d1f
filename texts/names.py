"""Names of templates and button labels, so that a typo fails at import, not in front of a user.

A template's name is its path under ``texts/templates`` without ``.j2``: the name says
who reads it (``common``, ``resident``, ``staff``, ``errors``...) and what for. A
button's name is the name of its macro in ``templates/buttons.j2``.
"""

from __future__ import annotations

from enum import StrEnum


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

    # -- resident/onboarding and resident/profile ----------------------------------------
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

    @property
    def path(self) -> str:
        """The file the loader reads, relative to ``texts/templates``."""
        return f"{self.value}.j2"


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

    # -- resident/cases/buttons.j2 ------------------------------------------------------
    CASES_OPEN = "resident/cases:open"
    CASES_CANCEL = "resident/cases:cancel"
    CASES_WITHDRAW = "resident/cases:withdraw"
    CASES_CONFIRM_CANCEL = "resident/cases:confirm_cancel"
    CASES_KEEP = "resident/cases:keep"
    CASES_LIST = "resident/cases:list"
    CASES_COMING = "resident/cases:coming"
    CASES_CHANGE_TIME = "resident/cases:change_time"
    CASES_DAY = "resident/cases:day"
    CASES_TIME = "resident/cases:time"
