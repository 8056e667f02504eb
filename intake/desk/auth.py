"""Who may use the desk: one coordinator password, a printed link, sessions and CSRF.

- The password comes from ``desk.password_env`` or ``desk.password_command``
  (like the mail secrets) and is kept only as its Argon2 hash (argon2-cffi).
- ``intake serve`` also prints a link with a random token: opening it signs
  in on this machine without typing the password (valid while the server runs).
- A session is a signed cookie (Starlette's, signed with itsdangerous) that
  names a session id this server issued; signing out forgets the id. The key
  is new at every start, so a restart signs everyone out.
- Every form carries the session's CSRF token; login attempts are limited per
  client address and in all.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from intake import credentials
from intake.config import DeskSettings
from intake.errors import ConfigError

Clock = Callable[[], float]


def password_hash(settings: DeskSettings) -> str | None:
    """The Argon2 hash of the configured desk password, or None when none is set.

    The secret itself is read, hashed and dropped here: nothing else sees it.
    """
    if not (settings.password_env or settings.password_command):
        return None
    secret = credentials.password(settings, "desk")
    assert secret is not None
    if len(secret.reveal()) < 8:
        raise ConfigError("the desk password must have at least 8 characters", key="desk")
    return PasswordHasher().hash(secret.reveal())


def verify(hashed: str | None, given: str) -> bool:
    """True when ``given`` is the password behind ``hashed``."""
    if hashed is None or not given:
        return False
    try:
        return PasswordHasher().verify(hashed, given)
    except (VerificationError, InvalidHashError):
        return False


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens (False when either is empty)."""
    return bool(a and b) and hmac.compare_digest(a.encode(), b.encode())


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class Limiter:
    """Failed logins: at most ``per_client`` per address and ``overall`` in all, per window."""

    per_client: int = 5
    overall: int = 50
    window: float = 900.0
    clock: Clock = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _all: deque[float] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str) -> int:
        """Seconds until ``client`` may try again (0: now)."""
        with self._lock:
            now = self.clock()
            mine = self._trim(self._failures.get(client, deque()), now)
            everyone = self._trim(self._all, now)
            waits = [0.0]
            if len(mine) >= self.per_client:
                waits.append(mine[0] + self.window - now)
            if len(everyone) >= self.overall:
                waits.append(everyone[0] + self.window - now)
            return int(max(waits) + 0.999)

    def failed(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            self._failures.setdefault(client, deque()).append(now)
            self._all.append(now)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _trim(self, times: deque[float], now: float) -> deque[float]:
        while times and times[0] <= now - self.window:
            times.popleft()
        return times


@dataclass
class Sessions:
    """Session ids this server issued and has not forgotten (signing out forgets one)."""

    lifetime: float
    clock: Clock = time.monotonic
    _live: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> str:
        sid = new_token()
        with self._lock:
            self._live[sid] = self.clock() + self.lifetime
        return sid

    def valid(self, sid: object) -> bool:
        if not isinstance(sid, str):
            return False
        with self._lock:
            until = self._live.get(sid)
            if until is not None and until < self.clock():
                del self._live[sid]
                until = None
        return until is not None

    def end(self, sid: object) -> None:
        with self._lock:
            self._live.pop(str(sid), None)


@dataclass
class Access:
    """Everything the desk checks: the password hash, the printed link, sessions, limits."""

    hashed: str | None
    link_token: str
    sessions: Sessions
    limiter: Limiter = field(default_factory=Limiter)
    secure_cookie: bool = False

    @classmethod
    def of(cls, settings: DeskSettings, secure_cookie: bool = False) -> Access:
        return cls(
            hashed=password_hash(settings),
            link_token=new_token(),
            sessions=Sessions(lifetime=settings.session_hours * 3600.0),
            secure_cookie=secure_cookie,
        )
