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

    # -- resident/onboarding and resident/profile ----------------------------------------

    # -- resident/catalog -------------------------------------------------------------

    # -- resident/booking -------------------------------------------------------------

    # -- resident/cases and notify/ ---------------------------------------------------

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

    # -- resident/catalog/buttons.j2 ----------------------------------------------------

    # -- resident/booking/buttons.j2 ----------------------------------------------------

    # -- resident/cases/buttons.j2 ------------------------------------------------------
