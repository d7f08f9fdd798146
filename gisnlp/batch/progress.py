"""Progress of a batch: a tqdm bar on a terminal, plain log lines otherwise."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, enabled: bool = True, every: float = 10.0, stream=None):
        """A bar on a terminal (tqdm), else a line every ``every`` seconds; nothing when disabled."""
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream or sys.stderr
        self.every = every
        self.enabled = enabled and total > 0
        self._t0 = self._last = time.monotonic()
        self._bar = None
        if self.enabled and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm
            tqdm.monitor_interval = 0      # no monitor thread in a process that forks workers
            self._bar = tqdm(total=total, unit="doc", file=self.stream, smoothing=0.1,
                             desc="gisnlp tag", dynamic_ncols=True)

    def update(self, ok: bool) -> None:
        """One more document done (``ok`` False counts it as failed)."""
        self.done += 1
        self.failed += not ok
        if self._bar is not None:
            self._bar.update(1)
            if not ok:
                self._bar.set_postfix(failed=self.failed, refresh=False)
            return
        now = time.monotonic()
        if self.enabled and (now - self._last >= self.every or self.done == self.total):
            self._last = now
            rate = self.done / max(now - self._t0, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0
            print(f"gisnlp tag: {self.done}/{self.total} ({100 * self.done / self.total:.0f}%), "
                  f"{self.failed} failed, {rate:.1f} docs/s, ETA {eta:.0f} s", file=self.stream, flush=True)

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
