"""Secrets at rest: Zalo's app secret, OA secret key and tokens are stored Fernet-encrypted
with SECRET_KEY (AES-128-CBC with HMAC-SHA256, from `cryptography`).

A stored value is `fernet:<token>`; a value without the prefix is plaintext from before
encryption, readable as it is and sealed at the next start with a key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

PREFIX = "fernet:"


class SecretKeyError(Exception):
    """No SECRET_KEY, a malformed one, or not the key the secrets were sealed with."""


class SecretBox:
    """Seals and opens stored secrets with one Fernet key."""

    def __init__(self, key: str) -> None:
        # Imported when a key is given (12 ms): a ward without Zalo never needs it.
        from cryptography.fernet import Fernet

        try:
            self._fernet: Fernet = Fernet(key.strip().encode("ascii"))
        except (ValueError, UnicodeEncodeError) as err:
            raise SecretKeyError("SECRET_KEY is not a Fernet key") from err

    @staticmethod
    def generate() -> str:
        """A new key (for `cchc-bot zalo keygen`)."""
        from cryptography.fernet import Fernet

        return Fernet.generate_key().decode("ascii")

    def seal(self, value: str) -> str:
        """The value as stored."""
        if is_sealed(value):
            return value
        return PREFIX + self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def open(self, stored: str) -> str:
        """The value back; plaintext passes through."""
        if not is_sealed(stored):
            return stored
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(stored.removeprefix(PREFIX).encode("ascii")).decode()
        except InvalidToken as err:
            raise SecretKeyError("SECRET_KEY does not open the stored Zalo secrets") from err


def is_sealed(value: str) -> bool:
    """Whether a stored value is encrypted."""
    return value.startswith(PREFIX)


def open_without_key(stored: str) -> str:
    """Reading without a key: plaintext passes, an encrypted value cannot be read."""
    if is_sealed(stored):
        raise SecretKeyError("SECRET_KEY is needed to read the stored Zalo secrets")
    return stored
