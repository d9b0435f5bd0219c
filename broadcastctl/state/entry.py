"""What deploy sent for one task, as the state records it: never a phone number, only a salted
digest of the numbers and their count, and the body's other fields (the audio as a digest).

Pure data, no I/O: the planner compares a file with it to see what the API does not return.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from broadcastctl.privacy import DIGEST_PREFIX

AUDIO_DIGEST_PREFIX = DIGEST_PREFIX


@dataclass(frozen=True)
class Entry:
    """One task broadcastctl created, updated or adopted, and what it knows was sent to it."""

    task_name: str
    job_id: int
    file: str | None
    number_count: int
    numbers_digest: str | None  # None: the numbers are unknown (an adopted task)
    sent: Mapping[str, Any] | None  # the body without numbers; None: unknown (adopted)
    time: str
    commit: str | None
    version: str
    # when `broadcastctl cancel` stopped the task (ISO 8601); absent from older states
    cancelled: str | None = None
    # A zone part of a campaign given in local windows (`localWindows`): the campaign's own
    # taskName and the part's zone label; None for a campaign sent as one task.
    campaign: str | None = None
    part: str | None = None

    def same_numbers(self, numbers: Iterable[str]) -> bool | None:
        """Whether `numbers` are the ones sent; None when the state does not know them."""
        if self.numbers_digest is None:
            return None
        return numbers_digest(numbers, salt_of(self.numbers_digest)) == self.numbers_digest


def numbers_digest(numbers: Iterable[str], salt: str | None = None) -> str:
    """A salted digest of the set of numbers: order and repeats do not matter, and the salt
    keeps a short list from being found in a table of digests of common numbers."""
    salt = salt or secrets.token_hex(8)
    text = "\n".join([salt, *sorted(set(numbers))])
    return f"{salt}${hashlib.sha256(text.encode()).hexdigest()}"


def salt_of(digest: str) -> str:
    return digest.split("$", 1)[0]


def recorded_body(body: Mapping[str, Any]) -> dict[str, Any]:
    """The body as the state keeps it: no numbers, the audio as its digest."""
    kept = {key: value for key, value in body.items() if key != "numberList"}
    if isinstance(kept.get("baseFile"), str) and kept["baseFile"]:  # "": sent empty, kept so
        kept["baseFile"] = audio_digest(kept["baseFile"])
    return kept


def audio_digest(encoded: str) -> str:
    if encoded.startswith(AUDIO_DIGEST_PREFIX):
        return encoded
    return AUDIO_DIGEST_PREFIX + hashlib.sha256(encoded.encode()).hexdigest()


@dataclass(frozen=True)
class Intent:
    """A request about to leave, written before it is sent: what a create or an update sends
    (the numbers as a digest, the rest as `recorded_body` keeps it). It stays until the
    outcome is recorded, so a run cut short (even by kill -9) leaves what it attempted."""

    task_name: str
    action: str  # one of ACTIONS
    job_id: int | None  # the task an update is for; None for a create
    number_count: int
    numbers_digest: str | None  # a create's numbers; None for an update (it cannot change them)
    sent: Mapping[str, Any]
    time: str

    def as_entry(self, job_id: int, file: str | None, commit: str | None, version: str) -> Entry:
        """What the state would know of task `job_id` had this request been applied."""
        return Entry(
            self.task_name, job_id, file, self.number_count, self.numbers_digest, self.sent,
            self.time, commit, version,
        )  # fmt: skip


CREATE, UPDATE = "create", "update"
ACTIONS = (CREATE, UPDATE)
