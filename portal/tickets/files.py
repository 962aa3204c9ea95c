"""Checking an uploaded file by its content: what it really is, and archives that would
unpack to far more than they weigh (a ZIP bomb's declared sizes)."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype
import rarfile

from portal.domain.tickets import ARCHIVES, AttachmentRules, Verdict, judge_attachment

# An archive may unpack to at most this much, and to at most this many times its own size.
MAX_UNPACKED = 1024 * 1024 * 1024
MAX_RATIO = 200


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Checked:
    upload: Upload
    content_type: str | None
    verdict: Verdict


def detect(data: bytes) -> str | None:
    """The MIME type the content shows (its first bytes), whatever the file's name says."""
    kind = filetype.guess(data[:8192])
    return kind.mime if kind is not None else None


def _declared_size(data: bytes, content_type: str) -> int | None:
    """What an archive says it unpacks to; None when it cannot be read as one."""
    try:
        if content_type == "application/zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return sum(item.file_size for item in archive.infolist())
        with rarfile.RarFile(io.BytesIO(data)) as archive:
            return sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, rarfile.Error, OSError, ValueError):
        return None


def check(upload: Upload, rules: AttachmentRules, position: int) -> Checked:
    """The verdict on one upload; an archive that does not open or would unpack too far is
    refused as "bad_archive"."""
    content_type = detect(upload.data)
    verdict = judge_attachment(content_type, len(upload.data), rules, position)
    if verdict.accepted and content_type in ARCHIVES:
        declared = _declared_size(upload.data, content_type)
        if declared is None or declared > MAX_UNPACKED or (
                declared > MAX_RATIO * max(len(upload.data), 1)):
            verdict = Verdict(False, "bad_archive")
    return Checked(upload, content_type, verdict)


def safe_filename(name: str) -> str:
    """The file's own name without a path, control characters or quotes, at most 200 long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?')
    return cleaned.strip(" .")[:200] or "file"
