"""Button data is small, typed and never trusted: anything odd is simply expired."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import pytest

from handlers.callbacks import MAX_BYTES, CallbackData, ChooseLanguage, Expired, parse


@dataclasses.dataclass(frozen=True)
class _Pick(CallbackData):
    PREFIX: ClassVar[str] = "tpk"
    VERSION: ClassVar[str] = "2"
    case: int
    step: str


def test_packed_data_parses_back_to_the_same_typed_value() -> None:
    assert parse(_Pick(42, "x").pack()) == _Pick(42, "x")
    assert ChooseLanguage.parse(ChooseLanguage("en").pack()) == ChooseLanguage("en")


@pytest.mark.parametrize("data", [
    None, "", "garbage", "tpk1:42:x",  # an old version
    "tpk2:forty:x",  # not a number
    "tpk2:42",  # a field missing
    "tpk2:42:x:y",  # one too many
    "zz1:1",  # an unknown prefix
    "lg1:" + "e" * 70,  # longer than the platform allows
])
def test_stale_foreign_or_forged_data_is_expired_not_an_error(data: str | None) -> None:
    with pytest.raises(Expired):
        parse(data)


def test_data_of_one_kind_is_not_accepted_as_another() -> None:
    with pytest.raises(Expired):
        ChooseLanguage.parse(_Pick(1, "x").pack())


def test_packing_refuses_data_the_platform_would_refuse() -> None:
    with pytest.raises(ValueError):
        _Pick(1, "x" * MAX_BYTES).pack()
    with pytest.raises(ValueError):
        _Pick(1, "a:b").pack()


def test_a_prefix_can_be_used_by_one_kind_only() -> None:
    with pytest.raises(TypeError):
        @dataclasses.dataclass(frozen=True)
        class _Twice(CallbackData):
            PREFIX: ClassVar[str] = "lg"
