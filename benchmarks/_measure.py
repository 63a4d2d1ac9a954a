"""What the benchmarks share: a query counter and a peak-memory sampler (not a benchmark itself:
scripts/bench.py skips modules whose name starts with an underscore)."""

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
    def __init__(self):
        import psutil

        self.process = psutil.Process()
        self.base = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def grown_mb(self):
        return (self.peak - self.base) / 1048576


def median_time(function, runs=5):
    """The median of `runs` calls after one warm-up call (connections, templates, query plans)."""
    import statistics

    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)
