"""The case service's aiohttp JSON API, versioned under /api/v1, with its OpenAPI document."""

from backend.api.app import ApiContext, create_app

__all__ = ["ApiContext", "create_app"]
