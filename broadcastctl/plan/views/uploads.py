"""The voice file of a source 1 campaign in the plan views: uploaded first, or already there."""

from __future__ import annotations

from typing import Any

from broadcastctl.plan.bodies import PENDING_UPLOAD, is_pending
from broadcastctl.plan.model import Action, Kind, UploadStep

SHOWN = (Kind.CREATE, Kind.UPDATE, Kind.BLOCKED)


def upload_line(action: Action) -> str | None:
    """One line for the text and markdown views, for an action that sends its task."""
    step = action.upload
    if step is None or action.kind not in SHOWN:
        return None
    name = f"voice file {step.file_name} ({_size(step.size)})"  # the name holds its checksum
    if not step.looked_up:
        return f"{name}: not looked up (offline); deploy uploads it unless the vendor has it"
    if step.needed:
        return f"uploads {name} first (voice/fileUpload), then sends its id"
    return f"{name}: already uploaded, id {step.file_id}"


def shown_pending(value: Any) -> str | None:
    """voiceFileId while its file is still to be uploaded, as the views show it."""
    if is_pending(value):
        return f"(the id of {str(value).removeprefix(PENDING_UPLOAD)}, once uploaded)"
    return None


def json_upload(step: UploadStep | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {
        "file_name": step.file_name,
        "bytes": step.size,
        "sha256": step.sha256,
        "file_id": step.file_id,
        "upload": step.needed if step.looked_up else None,  # None: the file list was not read
    }


def _size(size: int) -> str:
    return f"{size:,} bytes" if size < 10_000 else f"{size / 1000:,.0f} kB"
