"""Voice files of source 1 campaigns: each uploaded once, before the task that plays it.

A file is found again by its name (which holds its checksum) in the vendor's file list, so a
file uploaded by a run that died before its create is used, not uploaded a second time.
"""

from __future__ import annotations

import threading

from broadcastctl.api import (
    AlreadyExistsError,
    AmbiguousWriteError,
    ApiError,
    Client,
    UploadedWithoutIdError,
)
from broadcastctl.plan.bodies import DesiredTask, VoiceUpload, is_pending, with_voice_files
from broadcastctl.plan.remote import voice_file_ids


class VoiceFiles:
    """The vendor's voice files by name, read once, and the uploads this run makes."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._lock = threading.Lock()  # one look-up or upload at a time: never the same twice
        self._known: dict[str, str] | None = None
        self.uploaded: set[str] = set()  # names this run sent through the upload call

    def resolve(self, desired: DesiredTask) -> DesiredTask:
        """The task with the id of its voice file, uploaded first when the vendor has none."""
        if desired.upload is None or not is_pending(desired.body.get("voiceFileId")):
            return desired
        file_id = self.id_for(desired.upload)
        return with_voice_files(desired, {desired.upload.file_name: file_id})

    def id_for(self, upload: VoiceUpload) -> str:
        with self._lock:
            if self._known is None:
                self._known = voice_file_ids(self._client)
            if upload.file_name not in self._known:
                self._known[upload.file_name] = self._upload(upload)
                self.uploaded.add(upload.file_name)
            return self._known[upload.file_name]

    def _upload(self, upload: VoiceUpload) -> str:
        """Upload; when the answer leaves in doubt whether the file is stored (no answer, no
        id, or "already exists"), look for it by name rather than upload it again."""
        try:
            return self._client.upload_voice_file(upload.file_name, upload.content)
        except (AmbiguousWriteError, UploadedWithoutIdError, AlreadyExistsError) as doubt:
            what = str(doubt)
        found = voice_file_ids(self._client).get(upload.file_name)
        if found is None:
            raise ApiError(
                f"{what}; the vendor's file list does not show {upload.file_name!r} (yet), so the "
                "task was not sent: deploy again later (it looks the file up before uploading it)"
            )
        return found
