"""Pacing settings and the small pieces the rate limiter is built from.

Kept apart from the limiter so that the outbox can name a `Kind` without importing the
limiter, and so that the arithmetic (buckets, backoff, which endpoint is paced) can be
read and tested on its own.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any

_EPS = 1e-9  # a bucket refilled to 0.999999999 of a token after sleeping "exactly" long enough


class Kind(IntEnum):
    """Why a call is made; when calls wait for the global budget, the lower kind goes first.

    Replies are what a person is looking at right now; notifications can be a second late;
    a broadcast can be minutes late. PTB's shortcuts (`reply_text`, `edit_text`, ...) cannot
    pass `rate_limit_args`, so a call without them is a REPLY.
    """

    REPLY = 0
    NOTIFY = 1
    BULK = 2


@dataclass(frozen=True, slots=True)
class Pacing:
    """Every number of the limiter, so that tests can raise the rates and the root can tune them.

    Attributes:
        global_rate: calls a second for the whole bot; the platform allows about 30, we keep
            a margin because other processes (a standby, a manual script) may share the token.
        chat_rate: calls a second to one private chat once its burst is spent (platform: ~1).
        chat_burst: calls one chat may receive at once (a reply, its "typing", an edit).
        group_rate: calls a second to a group or channel (platform: 20 a minute).
        group_burst: calls one group may receive at once.
        max_attempts: tries of one call in all, counting 429s and transient network errors.
        backoff_base: seconds before the first retry after a transient error; doubles each try.
        backoff_cap: the longest wait between two tries.
    """

    global_rate: float = 25.0
    chat_rate: float = 1.0
    chat_burst: int = 3
    group_rate: float = 0.3
    group_burst: int = 1
    max_attempts: int = 5
    backoff_base: float = 0.5
    backoff_cap: float = 30.0

    def __post_init__(self) -> None:
        rates = (self.global_rate, self.chat_rate, self.group_rate)
        if min(rates) <= 0 or min(self.chat_burst, self.group_burst, self.max_attempts) < 1:
            raise ValueError("pacing rates must be positive and bursts and attempts at least 1")
        if self.backoff_base < 0 or self.backoff_cap < self.backoff_base:
            raise ValueError("backoff needs 0 <= backoff_base <= backoff_cap")


class Route(Enum):
    """How the limiter treats an endpoint."""

    PACED = "paced"  # puts something in a chat: per-chat and global pace, 429 pause, retries
    DIRECT = "direct"  # sends nothing to a chat: no pace, no pause; transient errors retried
    ONCE = "once"  # must never wait: straight through, one attempt, errors to the caller


# Answers to a user's button or query are useless late (the client's spinner gives up),
# and getUpdates long-polls: a queue or a backoff in front of them only does harm.
ONCE_ENDPOINTS = frozenset({
    "getUpdates", "answerCallbackQuery", "answerInlineQuery", "answerPreCheckoutQuery",
    "answerShippingQuery", "answerWebAppQuery",
})
# What puts a message (or changes one) in a chat counts toward that chat's pace and the
# global one: every send* (sendMessage, sendPhoto, sendDocument, sendChatAction, ...),
# every editMessage* (edits count: the platform paces them like sends), copy/forward/delete
# of messages (and their plural forms), stopping polls and live locations, pinning (it posts
# a service message) and reactions. Everything else (getMe, getFile, getChat, setWebhook,
# setMyCommands, ...) talks to the platform, not to a chat, and is not paced.
_PACED_PREFIXES = (
    "send", "editMessage", "copyMessage", "forwardMessage", "deleteMessage", "stopPoll",
    "stopMessageLiveLocation",
)
_PACED_EXACT = frozenset({"pinChatMessage", "setMessageReaction"})


def route_of(endpoint: str) -> Route:
    """Which treatment a Bot API method gets (PTB passes camelCase endpoint names)."""
    if endpoint in ONCE_ENDPOINTS:
        return Route.ONCE
    if endpoint in _PACED_EXACT or endpoint.startswith(_PACED_PREFIXES):
        return Route.PACED
    return Route.DIRECT


def kind_of(rate_limit_args: Mapping[str, Any] | None) -> Kind:
    """The kind a caller asked for; no arguments (every PTB shortcut) means REPLY."""
    if not rate_limit_args:
        return Kind.REPLY
    return Kind(rate_limit_args.get("kind", Kind.REPLY))


ChatKey = int | str


def chat_key(data: Mapping[str, Any]) -> ChatKey | None:
    """The chat a call goes to, with "42" and 42 the same chat; None if it names none."""
    chat_id = data.get("chat_id")
    if chat_id is None:
        return None
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)  # "@channelname": only groups and channels have those


def is_group(key: ChatKey) -> bool:
    """Groups and channels have negative ids or @usernames; private chats positive ids."""
    return isinstance(key, str) or key < 0


@dataclass(slots=True)
class TokenBucket:
    """`burst` tokens at most, refilled at `rate` a second; a call takes one."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    @classmethod
    def full(cls, rate: float, burst: float, now: float) -> TokenBucket:
        return cls(rate=rate, burst=burst, tokens=burst, stamp=now)

    def _refill(self, now: float) -> None:
        if now > self.stamp:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now

    def ready_at(self, now: float) -> float:
        """When the next token is there (`now` if it already is)."""
        self._refill(now)
        missing = 1.0 - self.tokens
        return now if missing <= _EPS else now + missing / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1.0

    def is_full(self, now: float) -> bool:
        """A full bucket is the same as a new one, so it can be forgotten."""
        self._refill(now)
        return self.tokens >= self.burst - _EPS


def backoff_delay(attempt: int, pacing: Pacing, rng: random.Random) -> float:
    """Seconds to wait after failed try number `attempt` (1-based): "equal jitter".

    Half the doubled delay is fixed and half random, so many callers that failed together
    spread out, yet each wait is at least as long as the previous one could have been.
    """
    ceiling = min(pacing.backoff_cap, pacing.backoff_base * 2 ** (attempt - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)
