"""Every screen exists under its name, renders in every language and is valid Telegram HTML."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from jinja2 import UndefinedError

from texts import LANGUAGES, B, T, Texts
from texts.names import COMMANDS
from texts.preview import TELEGRAM_LIMIT, limit_of
from texts.render import TEMPLATES
from texts.samples import SAMPLES

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Fragments that are not messages of their own: the button labels and ``_macro`` files.
NOT_MESSAGES = {"buttons"}  # in any folder
#: A button fits a cheap phone's width; a command menu description may be longer.
BUTTON_LIMIT = 24
COMMAND_LIMIT = 256


def _template_files() -> set[str]:
    names = {path.relative_to(TEMPLATES).with_suffix("").as_posix()
             for path in TEMPLATES.rglob("*.j2")}
    return {name for name in names if name.rsplit("/", 1)[-1] not in NOT_MESSAGES
            and not name.rsplit("/", 1)[-1].startswith("_")}


def test_every_template_name_has_a_file() -> None:
    assert [name for name in T if not (TEMPLATES / name.path).is_file()] == []


def test_every_template_file_has_a_name() -> None:
    assert _template_files() - {name.value for name in T} == set()


def test_every_template_has_sample_data() -> None:
    assert set(SAMPLES) == set(T)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(T))
def test_every_template_renders_within_its_limit_as_telegram_html(
    texts: Texts, html_problems: Callable[[str], list[str]], name: T, language: str
) -> None:
    text = texts.render(name, language=language, **SAMPLES[name])
    assert text
    assert len(text) <= min(limit_of(name), TELEGRAM_LIMIT), len(text)
    assert html_problems(text) == []


@pytest.mark.parametrize("name", list(T))
def test_the_english_screen_has_no_chinese_and_the_chinese_screen_has(
    texts: Texts, name: T
) -> None:
    english = texts.render(name, language="en", **SAMPLES[name])
    chinese = texts.render(name, language="zh", **SAMPLES[name])
    # The sample name may be Chinese; only the template's own words count.
    own_words = english.replace(str(SAMPLES[name].get("name", "")), "")
    assert HAN.findall(own_words) == []
    assert HAN.search(chinese)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(B))
def test_every_button_label_is_short_plain_text(texts: Texts, name: B, language: str) -> None:
    label = texts.button(name, language=language)
    assert label
    assert "\n" not in label and "<" not in label
    assert len(label) <= (COMMAND_LIMIT if name.value.startswith("command_") else BUTTON_LIMIT)


@pytest.mark.parametrize("name", [b for b in B if b not in {B.LANGUAGE_ZH, B.LANGUAGE_EN}])
def test_english_button_labels_have_no_chinese(texts: Texts, name: B) -> None:
    assert HAN.findall(texts.button(name, language="en")) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_buttons_name_each_language_in_itself(texts: Texts, language: str) -> None:
    assert texts.button(B.LANGUAGE_ZH, language=language) == "中文"
    assert texts.button(B.LANGUAGE_EN, language=language) == "English"


def test_every_button_macro_has_a_name(texts: Texts) -> None:
    """Every macro in any buttons.j2 is named in B (as `macro` or `folder:macro`)."""
    environment = texts.environment("zh")
    macros = set()
    for path in TEMPLATES.rglob("buttons.j2"):
        folder = path.parent.relative_to(TEMPLATES).as_posix()
        module = environment.get_template(path.relative_to(TEMPLATES).as_posix()).module
        macros |= {key if folder == "." else f"{folder}:{key}"
                   for key in vars(module) if not key.startswith("_")}
    assert macros == {name.value for name in B}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_variable_raises_instead_of_showing_a_blank(
    texts: Texts, language: str
) -> None:
    template = texts.environment(language).from_string(
        "{% trans %}{{ case_number }} is ready{% endtrans %} {{ office.name }}")
    with pytest.raises(UndefinedError):
        template.render(office={"name": "x"})
    with pytest.raises(UndefinedError):
        template.render(case_number="1")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_welcome_greets_without_a_name_too(texts: Texts, language: str) -> None:
    text = texts.render(T.WELCOME, language=language)
    assert text.startswith("<b>") and "/help" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_in_data_is_escaped(
    texts: Texts, html_problems: Callable[[str], list[str]], language: str
) -> None:
    text = texts.render(T.WELCOME, language=language, name="<b>x</b>&")
    assert "&lt;b&gt;x&lt;/b&gt;&amp;" in text
    assert "<b>x</b>" not in text
    assert html_problems(text) == []


def test_an_unknown_language_is_refused(texts: Texts) -> None:
    with pytest.raises(ValueError, match="unknown language"):
        texts.render(T.HELP, language="fr")


def test_the_welcome_greets_by_name_and_points_at_help(texts: Texts) -> None:
    for language in LANGUAGES:
        text = texts.render(T.WELCOME, language=language, name="Chunhua")
        assert "Chunhua" in text and "/help" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_describes_each_command_as_the_command_menu_does(
    texts: Texts, language: str
) -> None:
    text = texts.render(T.HELP, language=language)
    for command in COMMANDS:
        description = texts.button(B(f"command_{command}"), language=language)
        assert f"/{command} — {description}" in text


def test_the_checker_refuses_what_telegram_refuses(
    html_problems: Callable[[str], list[str]],
) -> None:
    assert html_problems('<b>ok</b> <a href="https://x.cn">x</a> &lt;&#39;') == []
    for bad in ("<b>open", "<div>x</div>", "a & b", "&nbsp;", "<b><i>x</b></i>",
                '<span class="x">y</span>', "<br/>", "1 < 2"):
        assert html_problems(bad), bad
