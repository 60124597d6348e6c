"""Remember tagging results: keyed by the article text and the registry, never stale."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile

from .matcher import TaggedEntity

VERSION = "1"  # bump when the tagging rules change, so old results are not reused


class TagCache:
    """In memory always; also as JSON files under `directory` when one is given."""

    def __init__(self, registry, directory: str | None = None):
        self.registry_hash = registry.hash
        self.directory = directory
        self._memory: dict[str, list[TaggedEntity]] = {}

    def key(self, text: str) -> str:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{digest}-{self.registry_hash[:16]}-v{VERSION}"

    def get(self, text: str) -> list[TaggedEntity] | None:
        key = self.key(text)
        if key in self._memory:
            return self._memory[key]
        if self.directory:
            try:
                with open(os.path.join(self.directory, key + ".json"), encoding="utf-8") as fh:
                    found = [TaggedEntity.from_json(d) for d in json.load(fh)]
            except (OSError, ValueError, KeyError, TypeError):
                return None  # missing or damaged: tag again
            self._memory[key] = found
            return found
        return None

    def put(self, text: str, tagged: list[TaggedEntity]) -> None:
        key = self.key(text)
        self._memory[key] = list(tagged)
        if self.directory:
            self._write(key, [t.to_json() for t in tagged])

    def tag(self, tagger, text: str, body_offset: int = 0, title: str | None = None,
            title_offset: int | None = None) -> list[TaggedEntity]:
        found = self.get(text)
        if found is None:
            found = tagger.tag(text, body_offset, title, title_offset)
            self.put(text, found)
        return found

    def _write(self, key: str, data: list) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
            os.replace(tmp, os.path.join(self.directory, key + ".json"))
        except OSError:
            pass  # a cache that cannot be written only costs time
