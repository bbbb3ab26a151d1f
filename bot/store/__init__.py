"""The bot's own store: its transport state, in its own tables and migrations.

The case service owns every record a person may ask about; the bot keeps only what it
needs to deliver reliably: the update inbox, conversation state (PTB persistence) and
the outbox. Times are epoch seconds (floats): the bot needs ordering and arithmetic on
them, never a calendar, and a float survives SQLite and PostgreSQL unchanged.
"""

from bot.store.store import BotStore, StagedWrite

__all__ = ["BotStore", "StagedWrite"]
