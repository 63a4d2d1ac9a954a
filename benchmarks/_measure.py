"""What the benchmarks share: a query counter and a peak-memory sampler (not a benchmark itself:
scripts/bench.py skips modules whose name starts with an underscore)."""

import contextlib
import threading
import time


class QueryCounter:
    """Counts SQL statements without keeping them (CaptureQueriesContext would hold 400,000 strings)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class PeakMemory:
    """The peak resident memory while the block runs, sampled every 10 ms. With `children`, each
    sample adds the resident memory of the process's children (the directive import reads the
    workbook in a child process): the peak of the whole import, not of this process alone."""

    def __init__(self, children=False):
        import psutil

        self.process = psutil.Process()
        self.children = children
        self.cmdline = self.process.cmdline()
        self.child_peak = 0
        self.base = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss(self):
        import psutil

        own, children = self.process.memory_info().rss, 0
        if self.children:
            for child in self.process.children(recursive=True):
                # A child may end between the listing and the reading; between fork and exec it
                # is a copy of this process (same command line), not yet memory of its own.
                with contextlib.suppress(psutil.Error):
                    if child.cmdline() != self.cmdline:
                        children += child.memory_info().rss
        self.child_peak = max(self.child_peak, children)
        return own + children

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    @property
    def grown_mb(self):
        return (self.peak - self.base) / 1048576

    @property
    def child_peak_mb(self):
        return self.child_peak / 1048576

    @property
    def peak_mb(self):
        return self.peak / 1048576


def median_time(function, runs=5):
    """The median of `runs` calls after one warm-up call (connections, templates, query plans).

    Before each call Django's cache is emptied, out of the time: the page cache (caching/pages.py)
    would otherwise answer every call after the warm-up, and a benchmark of a page measures what
    it costs to compute, as after any write. `make load` measures pages with the cache at work."""
    import statistics

    from django.core.cache import cache

    cache.clear()
    function()
    samples = []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)
