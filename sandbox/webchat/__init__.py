"""The web chat page: placeholder replaced below."""

from aiohttp import web


def register(app: web.Application) -> None:
    pass
