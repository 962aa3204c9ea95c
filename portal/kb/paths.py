"""Where knowledge-base files live and which URL each one gets."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote

# Lowercase latin with hyphens: the file-name convention the article writers follow.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
CATEGORY_FILE = "_category.md"
URL_PREFIX = "/kb"
MEDIA_PREFIX = "/kb/media"


@dataclass(frozen=True)
class ArticleAddress:
    """An article's place: `<category>/<slug>.md` (Russian) or `<category>/<slug>.en.md`."""

    category: str
    slug: str
    language: str

    @property
    def path(self) -> str:
        suffix = ".md" if self.language == DEFAULT_LANGUAGE else f".{self.language}.md"
        return f"{self.category}/{self.slug}{suffix}"

    @property
    def url(self) -> str:
        base = f"{URL_PREFIX}/{self.category}/{self.slug}"
        return base if self.language == DEFAULT_LANGUAGE else f"{base}/{self.language}"

    @classmethod
    def from_path(cls, path: str) -> ArticleAddress | None:
        """The address of a kb-relative article path, or None when the name breaks the convention."""
        parts = path.split("/")
        if len(parts) != 2 or not parts[1].endswith(".md") or parts[1] == CATEGORY_FILE:
            return None
        category, name = parts[0], parts[1][: -len(".md")]
        language = DEFAULT_LANGUAGE
        stem, dot, suffix = name.rpartition(".")
        if dot:
            if suffix not in LANGUAGES or suffix == DEFAULT_LANGUAGE:
                return None
            name, language = stem, suffix
        if not SLUG_RE.match(category) or not SLUG_RE.match(name):
            return None
        return cls(category=category, slug=name, language=language)


def join_relative(source_path: str, target: str) -> str | None:
    """Resolve a relative link of a file under kb/; None when it leaves kb/ or is absolute."""
    if not target or target.startswith("/") or "\\" in target:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_path), target))
    if joined in (".", "") or joined.startswith("../") or joined == "..":
        return None
    return joined


def media_url(path: str) -> str:
    """The URL that serves a non-article file (an image) stored under kb/."""
    return f"{MEDIA_PREFIX}/{quote(path)}"
