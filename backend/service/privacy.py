"""Personal data at rest and on display: encryption, keyed lookup, masking.

ID numbers are sensitive personal information under the PIPL: stored only encrypted
(Fernet: AES-128-CBC with an HMAC), found again through a keyed hash (HMAC-SHA256 with
a key derived from the encryption key, so a stolen table cannot be matched against a
list of known ID numbers), and shown masked everywhere except to staff of the office
holding the case.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken

_LOOKUP_LABEL = b"daiban/id-number-lookup/v1"


class PersonalDataError(Exception):
    """A stored value could not be decrypted: the key changed or the row was tampered with."""


class IdCipher:
    """Encrypts ID numbers for storage and hashes them for lookup."""

    def __init__(self, key: str) -> None:
        try:
            self._fernet = Fernet(key.encode())
        except (ValueError, TypeError) as error:
            raise ValueError("DAIBAN_ENCRYPTION_KEY is not a valid Fernet key") from error
        self._lookup_key = hmac.new(key.encode(), _LOOKUP_LABEL, hashlib.sha256).digest()

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except (InvalidToken, ValueError) as error:
            raise PersonalDataError("cannot decrypt a stored value") from error

    def lookup_hash(self, value: str) -> str:
        normalized = value.strip().upper()
        return hmac.new(self._lookup_key, normalized.encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str | None) -> str:
    """First 3 and last 4 characters: '110***********002X' (enough to recognise, not to use)."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


_DIGITS = re.compile(r"\d")


def mask_phone(value: str | None) -> str:
    """'+8613800138000' -> '+86138****8000': the last four digits, the operator prefix."""
    if not value:
        return ""
    digits = [index for index, char in enumerate(value) if char.isdigit()]
    if len(digits) <= 7:
        return _DIGITS.sub("*", value)
    hidden = set(digits[-8:-4])
    return "".join("*" if index in hidden else char for index, char in enumerate(value))
