"""Personal data: encrypted at rest, found by keyed hash, shown masked."""

from __future__ import annotations

import base64

import pytest

from backend.service.privacy import IdCipher, PersonalDataError, mask_id_number, mask_phone

KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
OTHER_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()
ID = "11010519491231002X"


def test_an_encrypted_id_number_reads_back_and_does_not_contain_the_number() -> None:
    cipher = IdCipher(KEY)
    token = cipher.encrypt(ID)
    assert ID not in token and "19491231" not in token
    assert cipher.decrypt(token) == ID


def test_the_same_number_encrypts_differently_each_time_but_hashes_the_same() -> None:
    cipher = IdCipher(KEY)
    assert cipher.encrypt(ID) != cipher.encrypt(ID)
    assert cipher.lookup_hash(ID) == cipher.lookup_hash(ID.lower())


def test_the_lookup_hash_depends_on_the_key_so_a_stolen_table_cannot_be_matched() -> None:
    assert IdCipher(KEY).lookup_hash(ID) != IdCipher(OTHER_KEY).lookup_hash(ID)
    import hashlib
    assert IdCipher(KEY).lookup_hash(ID) != hashlib.sha256(ID.encode()).hexdigest()


def test_a_value_encrypted_under_another_key_is_refused_not_misread() -> None:
    with pytest.raises(PersonalDataError):
        IdCipher(OTHER_KEY).decrypt(IdCipher(KEY).encrypt(ID))
    with pytest.raises(PersonalDataError):
        IdCipher(KEY).decrypt("not a token")


def test_a_malformed_key_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="DAIBAN_ENCRYPTION_KEY"):
        IdCipher("short")


@pytest.mark.parametrize("value, masked", [
    ("11010519491231002X", "110***********002X"),
    ("1234567", "*******"),
    ("", ""),
    (None, ""),
])
def test_id_numbers_show_only_the_first_three_and_last_four(value, masked) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize("value, masked", [
    ("+8613800138000", "+86138****8000"),
    ("13800138000", "138****8000"),
    ("010-69961234", "010-****1234"),
    ("12345", "*****"),
    (None, ""),
])
def test_phone_numbers_hide_four_middle_digits(value, masked) -> None:
    assert mask_phone(value) == masked
