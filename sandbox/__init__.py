"""A local stand-in for the Telegram Bot API, with a web chat and a user-side test API.

It knows nothing of daiban: any bot that speaks the Bot API over HTTP can be pointed at
it, which is how the tests drive the real bot and how anyone can try daiban in a browser.
"""
