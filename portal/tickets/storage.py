"""Where attachment files live: behind one small interface, a directory by default.

Files are stored once under the SHA-256 of their content, outside static/, and read back only
through the ticket pages, which check who may see them. A shared store (object storage for
several app hosts) implements the same three methods.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Protocol

from flask import current_app


class AttachmentStore(Protocol):
    def save(self, data: bytes) -> str: ...
    def read(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...


class DirectoryStore:
    """Files under `root/ab/abcdef...`; written to a temporary name, then moved into place."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if len(key) != 64 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def save(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()
        path = self._path(key)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".{key}.{secrets.token_hex(4)}")
            draft.write_bytes(data)
            os.replace(draft, path)
        return key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).exists()


def attachment_store() -> AttachmentStore:
    """The app's store: PORTAL_ATTACHMENT_DIR, by default instance/attachments."""
    root = current_app.config.get("ATTACHMENT_DIR") or (
        Path(current_app.config["INSTANCE_DIR"]) / "attachments")
    return DirectoryStore(Path(root))
