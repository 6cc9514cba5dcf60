"""Session ids and API tokens: random, opaque, and only a hash of the token is ever stored."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: str, token_hash: str | None) -> bool:
    """Constant-time comparison of a presented token with the stored hash."""
    if not token_hash:
        return False
    return hmac.compare_digest(hash_token(token), token_hash)


def plausible_id(sid: str | None) -> bool:
    """Cheap shape check so forged or garbage ids never reach the database."""
    return bool(sid) and bool(_ID.match(sid))
