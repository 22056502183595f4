"""The line protocol every benchmark client speaks (see io.jitney.benchmarks.e2e.Driver).

A client module gives a dict of command handlers; serve() reads one command per line from stdin
and prints one answer line: 'OK key=value ...', 'NA reason' or 'ERR reason'.
"""
import sys
import time
import traceback

MIB = bytes(((i * 7 + 1) & 0xFF) for i in range(1 << 20))


def timed_loop(op, seconds, batch=1):
    """Runs op until `seconds` have passed; returns (count, elapsed)."""
    end = time.perf_counter() + seconds
    start = time.perf_counter()
    n = 0
    while True:
        for _ in range(batch):
            op()
        n += batch
        now = time.perf_counter()
        if now >= end:
            return n, now - start


def e1_result(latencies, elapsed):
    latencies.sort()
    n = len(latencies)
    return 'OK calls=%d secs=%.6f p50us=%.1f p99us=%.1f' % (
        n, elapsed, latencies[int(n * 0.5)] * 1e6, latencies[min(n - 1, int(n * 0.99))] * 1e6)


def serve(name, handlers):
    print('READY ' + name, flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == 'QUIT':
            break
        handler = handlers.get(words[0])
        if handler is None:
            answer = 'NA %s is not implemented by %s' % (words[0], name)
        else:
            try:
                answer = handler(*words[1:])
            except Exception as e:  # the orchestrator reports it; keep serving
                traceback.print_exc(file=sys.stderr)
                answer = 'ERR %s: %s' % (type(e).__name__, str(e).replace('\n', ' '))
        print(answer, flush=True)
