"""One build at a time per lesson, and a storm of requests (a held-down key) coalesced: whatever
arrives while a build runs waits for one more build, of the newest text, and shares its result."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Value = TypeVar("Value")
Result = TypeVar("Result")


@dataclass
class _Lane(Generic[Value, Result]):
    running: bool = False
    waiting: tuple[Value, Future[Result]] | None = None
    builds: int = 0


def _newest(_: Value, newest: Value) -> Value:
    return newest


@dataclass
class Coalescer(Generic[Value, Result]):
    run: Callable[[str, Value], Result]
    merge: Callable[[Value, Value], Value] = _newest
    """What one build does for a waiting request and a newer one: by default, the newer."""
    _lanes: dict[str, _Lane[Value, Result]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def builds(self, key: str) -> int:
        """How many builds ran for `key`: for tests and the benchmark."""
        with self._lock:
            return self._lanes[key].builds if key in self._lanes else 0

    def submit(self, key: str, value: Value) -> Future[Result]:
        """A future of the result of a build of `value`, or of a later value given for the same key
        before that build started. A build that raises sets its future's exception."""
        with self._lock:
            lane = self._lanes.setdefault(key, _Lane())
            if lane.waiting is not None:
                waiting, future = lane.waiting
                lane.waiting = (self.merge(waiting, value), future)
                return future
            future = Future()
            if lane.running:
                lane.waiting = (value, future)
                return future
            lane.running = True
        threading.Thread(target=self._work, args=(key, value, future), daemon=True).start()
        return future

    def _work(self, key: str, value: Value, future: Future[Result]) -> None:
        while True:
            try:
                future.set_result(self.run(key, value))
            except Exception as error:  # reported through the future, never lost with the thread
                future.set_exception(error)
            with self._lock:
                lane = self._lanes[key]
                lane.builds += 1
                if lane.waiting is None:
                    lane.running = False
                    return
                value, future = lane.waiting
                lane.waiting = None
