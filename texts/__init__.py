"""Every sentence a user reads: jinja2 templates with Babel catalogs (Chinese source).

The face of the package: ``Texts.load()`` once, then ``texts.render(T.WELCOME,
language=..., **data)`` and ``texts.button(B.HOME, language=...)``; ``language_for``
maps a Telegram ``language_code`` to one of ``LANGUAGES``.
"""

from texts.names import B, T
from texts.render import LANGUAGES, SOURCE_LANGUAGE, Texts, language_for

__all__ = ["LANGUAGES", "SOURCE_LANGUAGE", "B", "T", "Texts", "language_for"]
