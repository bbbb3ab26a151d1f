"""Names of templates and button labels, so that a typo fails at import, not in front of a user.

A template's name is its path under ``texts/templates`` without ``.j2``: the name says
who reads it (``common``, ``resident``, ``staff``, ``errors``...) and what for. A
button's name is the name of its macro in ``templates/buttons.j2``.
"""

from __future__ import annotations

from enum import StrEnum


class T(StrEnum):
    """Every message or screen template; the tests check that each has a file and back."""

    WELCOME = "common/welcome"
    HELP = "common/help"
    LANGUAGE_CHOOSE = "common/language_choose"
    LANGUAGE_CHOSEN = "common/language_chosen"
    ERROR_UNEXPECTED = "errors/unexpected"
    ERROR_EXPIRED = "errors/expired"

    @property
    def path(self) -> str:
        """The file the loader reads, relative to ``texts/templates``."""
        return f"{self.value}.j2"


class B(StrEnum):
    """Every button label: one macro each in ``templates/buttons.j2``.

    ``command_*`` are the descriptions of the command menu (``setMyCommands``), which
    ``common/help`` shows too, so the menu and the help never disagree.

    Labels are plain text (Telegram shows button text as is), so ``Texts.button`` undoes
    the HTML escaping that templates get.
    """

    COMMAND_START = "command_start"
    COMMAND_HELP = "command_help"
    COMMAND_LANGUAGE = "command_language"
    HOME = "home"
    BACK = "back"
    CANCEL = "cancel"
    LANGUAGE_ZH = "language_zh"
    LANGUAGE_EN = "language_en"
