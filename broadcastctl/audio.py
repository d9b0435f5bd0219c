"""The audio the vendor takes (mp3, wav or m4a), told apart by its first bytes: lint judges an
audio file with it, and the request body names an upload after it."""

from __future__ import annotations


def audio_kind(content: bytes) -> str | None:
    """mp3, wav or m4a, judged from the first bytes; None for anything else."""
    head = content[:12]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"  # an ID3 tag, or straight into an MPEG audio frame
    return None
