"""THE map of flows: which handler answers what, in commented groups.

Later issues add one conversation per flow (onboarding, booking, staff handoffs, ...)
here; the order of groups is the order in which PTB tries them.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers import common
from handlers.callbacks import ChooseLanguage, GoHome
from handlers.errors import on_error
from handlers.keyboards import label_filter
from handlers.resident import (
    booking,
    cases,
    catalog,
    catalog_search,
    family,
    onboarding,
    profile,
    reminders,
    reply,
)
from handlers.resident import originals as resident_originals
from handlers.staff import acting as staff_acting
from handlers.staff import calls as staff_calls
from handlers.staff import card as staff_card
from handlers.staff import carry as staff_carry
from handlers.staff import joining as staff_joining
from handlers.staff import lists as staff_lists
from handlers.staff import originals as staff_originals
from handlers.staff import team as staff_team
from handlers.staff import walk_in as staff_walk_in
from texts.names import B
from texts.render import Texts


def add_routes(application: Application[Any, Any, Any, Any, Any, Any], texts: Texts) -> None:
    # -- everyone: help and language (they leave any flow where it was) --------------------
    application.add_handler(CommandHandler("help", common.show_help))
    application.add_handler(CommandHandler("language", common.ask_language))
    application.add_handler(CallbackQueryHandler(common.choose_language,
                                                 pattern=ChooseLanguage.pattern()))
    application.add_handler(MessageHandler(label_filter(texts, B.MENU_HELP), common.show_help))

    # -- family: /start f-CODE follows a villager's case (family followers) ----------------
    # (before the staff invite, which takes /start with any code, and the onboarding)
    application.add_handler(family.follow_handler())

    # -- staff: /start CODE from an invite (before onboarding, which takes a bare /start) -
    application.add_handler(staff_joining.invite_handler())

    # -- villagers: onboarding on /start, profile, privacy, settings ------------------------
    application.add_handler(onboarding.build(texts))
    application.add_handler(profile.build(texts))
    for handler in profile.handlers(texts):
        application.add_handler(handler)

    # -- villagers: the catalog (categories, matters, cards, free-text search) --------------
    for handler in catalog.handlers(texts):
        application.add_handler(handler)

    # -- villagers: booking proxy handling ------------------------------------------------
    application.add_handler(booking.build(texts))

    # -- villagers: my cases, and what the notifier sends ----------------------------------
    for handler in [*cases.build(texts), *reminders.build()]:
        application.add_handler(handler)

    # -- villagers: share a case with family, see and remove followers (family followers) -
    for handler in family.build():
        application.add_handler(handler)

    # -- staff: walk-in villagers booked at the counter, and the call list (walk-ins) ------
    # (before the follow-ups: a walk-in in progress keeps the words typed into it)
    application.add_handler(staff_walk_in.build(texts))
    for handler in staff_calls.handlers(texts):
        application.add_handler(handler)

    # -- staff: the staff menu and its lists, case cards, [Claim], and the follow-ups -------
    # (after the villager's flows: a villager's conversation in progress keeps its text)
    application.add_handler(staff_acting.build(texts))
    for handler in [*staff_card.handlers(), *staff_joining.handlers(texts),
                    *staff_lists.handlers(texts)]:
        application.add_handler(handler)

    # -- staff team: supervisors and admins invite, retire, hand cases over (/team) ----------
    for handler in staff_team.build():
        application.add_handler(handler)

    # -- custody of originals: a case's originals (staff and villager), handover lists -----
    for handler in [*staff_originals.build(), *staff_carry.build(texts),
                    *resident_originals.build()]:
        application.add_handler(handler)

    # -- villagers: answering a material request with words and photos (reply) ----------
    # (after every flow that takes photos or words of its own; before the free-text
    # search, which words typed for an answer would otherwise reach)
    for handler in reply.build(texts):
        application.add_handler(handler)

    # -- everyone: Home and /cancel outside any flow -----------------------------------------
    # (after the flows: a flow in progress takes them as its fallbacks and ends itself)
    application.add_handler(CallbackQueryHandler(common.home, pattern=GoHome.pattern()))
    application.add_handler(CommandHandler("cancel", common.cancel))

    # -- villagers: free text searches the catalog -----------------------------------------
    # (after every flow: a conversation in progress that expects text is tried first)
    for handler in catalog_search.handlers(texts):
        application.add_handler(handler)

    # -- last resort: nobody is left without an answer --------------------------------------
    # (in the same group, after every flow: PTB runs one handler per group)
    application.add_handler(CallbackQueryHandler(common.expired_button))
    application.add_handler(MessageHandler(filters.ALL, common.not_understood))
    application.add_error_handler(on_error)
