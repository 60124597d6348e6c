"""Preview (`mkdocs serve --dirty`): related stories never hold up a reload.

Ranking related stories is whole-corpus work (seconds at 10,000 stories), while a save should show
in the browser at once. So a preview rebuild uses the last ranking whose inputs match exactly when
there is one; otherwise it shows the previous ranking (only *which* stories are linked can be stale:
headlines, dates and every page are current) while a forked child ranks again. When that ranking is
in, `on_done` runs (the hook touches a file the preview watches), the preview rebuilds once more and
re-renders exactly the pages whose related boxes changed. `mkdocs build` never takes this path.

The child is forked once the reload's pages are written (`build_done`), not when the ranking is asked
for: while a child lives, every page of memory the parent writes is copied first (copy-on-write), and
a reload touches most of a 10,000-story preview's heap. Forked mid-reload, it made the reload 2.4-3.0 s
instead of 1.9-2.1 s; the ranking itself, no longer sharing the cores with the reload, settles as soon.
"""
from __future__ import annotations

import threading

from . import background


def inputs_key(articles, tagged: dict, settings: dict, now) -> tuple:
    """Everything the ranker reads (texts by digest; `now` only as who is published). Only ever compared
    with the last key in this process, so a tuple: hashing its repr took ~0.25 s of each 10k reload."""
    from .incremental import text_digest
    return repr(sorted(settings.items())), tuple(
        (text_digest(a), a.is_published(now), tuple((e.id, e.name, e.salience) for e in tagged.get(a.slug, ())))
        for a in articles)


class LiveRelated:
    def __init__(self):
        self._lock = threading.Lock()
        self._key: tuple | None = None      # inputs of the last finished ranking
        self._value: dict | None = None
        self._wanted: tuple | None = None   # (key, fn, args) to rank next
        self._worker: threading.Thread | None = None
        self.on_done = None                 # called (from a thread) when a newer ranking is in

    def related(self, key: tuple, fn, *args) -> tuple[dict, bool]:
        """(ranking, exact): exact is False while a newer ranking is being computed."""
        with self._lock:
            if key == self._key:
                return self._value, True
            if self._value is not None:
                self._wanted = (key, fn, args)   # ranked once the build is done: see build_done
                return self._value, False
        value = fn(*args)   # the first build has nothing to show meanwhile
        with self._lock:
            self._key, self._value = key, value
        return value, True

    def build_done(self) -> None:
        """The build that asked for a new ranking has written its pages: rank now, in a forked child."""
        with self._lock:
            if self._wanted is not None and (self._worker is None or not self._worker.is_alive()):
                self._worker = threading.Thread(target=self._work, daemon=True, name="buzzhub-related")
                self._worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    return
            key, fn, args = wanted
            try:
                value, _ = background.run(fn, *args, parallel=background.can_fork()).result()
            except Exception:   # the next save tries again; the preview keeps the last good ranking
                continue
            with self._lock:
                self._key, self._value = key, value
                newer_wanted = self._wanted is not None
            if self.on_done is not None and not newer_wanted:
                self.on_done()

    def wait(self) -> None:
        """Until no started ranking is pending (bench and tests; the preview itself never waits)."""
        while self._worker is not None and self._worker.is_alive():
            self._worker.join()


LIVE = LiveRelated()
