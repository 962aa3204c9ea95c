"""Password rules (length, common passwords) and Argon2 hashing."""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 200

# Passwords that head every leaked-password list; a trailing year or digits do not save them.
COMMON = frozenset(["password", "passw0rd", "p@ssword", "p@ssw0rd", "qwerty", "qwertyuiop", "qwerty123", "asdfgh", "asdfghjkl", "zxcvbnm", "123456", "1234567", "12345678", "123456789", "1234567890", "0987654321", "111111", "000000", "123123", "654321", "121212", "abc123", "abcdef", "abcdefgh", "iloveyou", "admin", "administrator", "letmein", "welcome", "monkey", "dragon", "football", "baseball", "master", "shadow", "sunshine", "princess", "superman", "batman", "trustno1", "starwars", "whatever", "freedom", "login", "access", "secret", "changeme", "default", "guest", "root", "qazwsx", "qazwsxedc", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "q1w2e3r4", "q1w2e3r4t5", "aa123456", "password1", "support", "portal", "helpdesk", "customer", "service", "йцукен", "йцукенгшщз", "пароль", "парольпароль", "любовь", "привет", "админ", "qwertyqwerty"])

_TRAILING = re.compile(r"[\d\W_]+$")


def password_problems(password: str, email: str = "", name: str = "") -> list[str]:
    """Why `password` is too weak (translated messages); empty when it is acceptable."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(_l("Use at least %(count)d characters.", count=MIN_LENGTH))
    elif len(password) > MAX_LENGTH:
        problems.append(_l("Use at most %(count)d characters.", count=MAX_LENGTH))
    folded = password.casefold()
    personal = {part for part in (email.split("@")[0].casefold(), name.casefold()) if part}
    # Digits and symbols only, or a known word plus digits: what guessing tools try first.
    if (not _TRAILING.sub("", folded) or len(set(folded)) <= 2
            or any(_is_word_plus_suffix(folded, word) for word in COMMON | personal)):
        problems.append(_l("This password is too common or easy to guess; choose another."))
    return [str(problem) for problem in problems]


def _is_word_plus_suffix(folded: str, word: str) -> bool:
    rest = folded[len(word):]
    return folded.startswith(word) and (not rest or _TRAILING.fullmatch(rest) is not None)


def _hasher() -> PasswordHasher:
    # Tests hash hundreds of passwords: cheap parameters there, library defaults elsewhere.
    if current_app and current_app.testing:
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
