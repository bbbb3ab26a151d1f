"""The messaging-app application: inbox, outbox, pacing, runners and the bot's own store."""
