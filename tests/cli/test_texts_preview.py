"""`daiban texts preview` writes one page with every screen in both languages."""

from __future__ import annotations

from pathlib import Path

from daiban.cli.app import run
from texts.names import B, T


def test_the_preview_page_shows_every_screen_and_button_in_both_languages(
        tmp_path: Path) -> None:
    page = tmp_path / "preview.html"
    assert run(["texts", "preview", "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert all(f'id="{name.value}"' in html for name in T)
    assert all(f"<code>{name.value}</code>" in html for name in B)
    assert "您好" in html and "Hello" in html
    for language in ("zh", "en"):
        assert html.count(f'class="bubble" lang="{language}"') == len(T)


def test_sample_data_is_escaped_in_the_page_while_the_screens_html_is_kept(
        tmp_path: Path) -> None:
    page = tmp_path / "preview.html"
    assert run(["texts", "preview", "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "<b>" in html  # a screen's own Telegram HTML, as Telegram would show it
    assert "<script" not in html
