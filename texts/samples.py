"""Sample data for every template: the tests render each screen with it, and a preview
page can show every screen in every language without a running bot.

Samples are deliberately on the long side (a long name) so length limits are tested
against realistic worst cases, not the shortest possible text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from texts.names import T

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
    # -- resident/onboarding and resident/profile -----------------------------------------
    # -- resident/catalog -----------------------------------------------------------------
    # -- resident/booking -----------------------------------------------------------------
    # -- resident/cases and notify/ -------------------------------------------------------
})
