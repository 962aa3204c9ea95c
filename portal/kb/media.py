"""Images stored beside articles: recognised by their bytes, confined to kb/."""

from __future__ import annotations

from pathlib import Path

# Only raster formats: SVG and HTML can carry script, so they are never served.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
SNIFF_BYTES = 16


def sniff_image(head: bytes) -> str | None:
    """The MIME type of an image judged by its first bytes, or None when it is not one we serve."""
    for signature, mimetype in _SIGNATURES:
        if head.startswith(signature):
            return mimetype
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def confined_file(kb_root: Path, relative: str) -> Path | None:
    """The file at `relative` under kb_root, or None when it escapes kb/ or is not a file."""
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    root = kb_root.resolve()
    try:
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root) or candidate == root or not candidate.is_file():
            return None
    except OSError:  # a name longer than the file system allows, say
        return None
    # Hidden files (.git, editor swap files) are not content.
    if any(part.startswith(".") for part in candidate.relative_to(root).parts):
        return None
    return candidate


def image_type_of(path: Path) -> str | None:
    """The image MIME type of a file on disk, judged by content."""
    with path.open("rb") as handle:
        return sniff_image(handle.read(SNIFF_BYTES))
