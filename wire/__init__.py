"""The case service's JSON request and response models, shared by backend/api and
backend_client. Imports nothing of daiban, so the bot can use them without the backend."""
