"""Files inside messages: the Bot API shapes of photos, documents and voice notes.

Telegram resizes a photo into several sizes; the sandbox keeps one size (the original),
which is enough for ``message.photo[-1].file_id``. Width and height are read from PNG,
GIF and JPEG headers so PhotoSize has honest numbers without an imaging library.
"""

from __future__ import annotations

import mimetypes
import struct
from typing import Any

from sandbox.errors import bad_request
from sandbox.models import StoredFile

MEDIA_KINDS = ("photo", "document", "voice")
_DEFAULT_MIME = {"voice": "audio/ogg", "photo": "image/jpeg"}


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, GIF or JPEG image; (1, 1) when it cannot tell."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                index += 1
                continue
            marker = data[index + 1]
            length = struct.unpack(">H", data[index + 2:index + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[index + 5:index + 9])
                return width, height
            index += 2 + length
    return 1, 1


def guess_mime(kind: str, file_name: str | None, given: str | None) -> str | None:
    """The MIME type Telegram would detect; clients often send application/octet-stream."""
    if given and given != "application/octet-stream":
        return given
    guessed = mimetypes.guess_type(file_name or "")[0]
    return guessed or _DEFAULT_MIME.get(kind, given)


def media_api(stored: StoredFile, kind: str, *, duration: int | None = None) -> Any:
    """The value of a message's ``photo`` / ``document`` / ``voice`` field."""
    base = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data)}
    if kind == "photo":
        width, height = image_size(stored.data)
        return [{**base, "width": width, "height": height}]
    if kind == "voice":
        return {**base, "duration": duration or 1,
                "mime_type": stored.mime_type or _DEFAULT_MIME["voice"]}
    document = {**base, "mime_type": stored.mime_type or "application/octet-stream"}
    if stored.file_name:
        document["file_name"] = stored.file_name
    return document


def check_kind(stored: StoredFile, kind: str) -> None:
    """Telegram refuses to send a document's file_id as a photo and so on."""
    if (stored.kind == "photo") != (kind == "photo"):
        raise bad_request("type of file mismatch")
