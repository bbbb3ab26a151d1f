"""One HTML page showing every screen in every language, from the sample data.

Translators and reviewers read it in a browser without a running bot; each screen's
length is shown against its limit. Telegram HTML is a subset of HTML, so a rendered
screen is placed in the page as it is.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from texts.names import B, T
from texts.render import Texts
from texts.samples import SAMPLES

PAGE = Path(__file__).resolve().parent / "page.html"
TELEGRAM_LIMIT = 4096
VILLAGER_LIMIT = 600
STAFF_ONLY = ("staff/", "admin/")


def limit_of(name: T) -> int:
    """Screens only staff read may use Telegram's whole length; villagers get 600."""
    return TELEGRAM_LIMIT if name.value.startswith(STAFF_ONLY) else VILLAGER_LIMIT


def preview_html(texts: Texts) -> str:
    screens = []
    for name in T:
        renders = []
        for language in texts.languages:
            text = texts.render(name, language=language, **SAMPLES[name])
            renders.append((language, Markup(text), len(text), limit_of(name)))
        screens.append({"name": name.value, "renders": renders})
    buttons = [(name.value, [texts.button(name, language=language)
                             for language in texts.languages]) for name in B]
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    page = environment.from_string(PAGE.read_text(encoding="utf-8"))
    return page.render(screens=screens, buttons=buttons, languages=texts.languages,
                       villager_limit=VILLAGER_LIMIT, telegram_limit=TELEGRAM_LIMIT)
