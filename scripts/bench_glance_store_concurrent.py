"""Python glance_store adding and getting many images at once, from threads, as Glance's API does.

    bench_glance_store_concurrent.py <options file> <sizes> <concurrency> [max ops per cell]

The options file holds the store's options as KEY=VALUE lines with Glance's names, the store type
as "type=file|rbd|swift". Sizes are like 64k,16m; concurrency like 1,4,16,64. For each size and
number of threads, adds generated images (md5 and sha512, add_to_backend_with_multihash as Glance
calls it) then reads them back to the end, and prints a table row per cell plus "pycell" lines:
pycell <op> <size> <threads> <ops> <MiB/s> <ops/s> <p50 ms> <p99 ms>.
Run it with Debian's /usr/bin/python3, which has glance_store.
"""

import os
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import glance_store_conf  # noqa: E402


def size_of(text):
    text = text.strip().lower()
    units = {'k': 1 << 10, 'm': 1 << 20, 'g': 1 << 30}
    if text[-1] in units:
        return int(text[:-1]) * units[text[-1]]
    return int(text)


def label(size):
    for unit, name in ((1 << 30, 'GiB'), (1 << 20, 'MiB'), (1 << 10, 'KiB')):
        if size >= unit and size % unit == 0:
            return '%d %s' % (size // unit, name)
    return '%d B' % size


class Source(object):
    """An image's bytes from a shared random block, read like an upload."""

    def __init__(self, block, size):
        self.block = block
        self.size = size
        self.pos = 0

    def read(self, n=-1):
        left = self.size - self.pos
        if n is None or n < 0 or n > left:
            n = left
        if n <= 0:
            return b''
        start = self.pos % len(self.block)
        piece = self.block[start:start + n]
        self.pos += len(piece)
        return piece


def run_cell(threads, ops, work):
    latencies = []
    failures = []
    lock = threading.Lock()
    counter = [0]

    def worker():
        while True:
            with lock:
                i = counter[0]
                counter[0] += 1
            if i >= ops:
                return
            t0 = time.monotonic()
            try:
                work(i)
            except Exception as e:  # noqa: BLE001 - counted and reported
                with lock:
                    failures.append(repr(e))
                continue
            with lock:
                latencies.append(time.monotonic() - t0)

    start = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.monotonic() - start, sorted(latencies), failures


def percentile(values, p):
    if not values:
        return 0.0
    index = max(0, min(len(values) - 1, int(-(-p * len(values) // 1)) - 1))
    return values[index]


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 64
    options = {}
    with open(argv[1]) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                key, _, value = line.partition('=')
                options[key.strip()] = value.strip()
    store_type = options.pop('type')
    sizes = [size_of(s) for s in argv[2].split(',') if s]
    concurrency = [int(c) for c in argv[3].split(',') if c]
    max_ops = int(argv[4]) if len(argv) > 4 else 512

    import glance_store
    conf = glance_store_conf.stores(store_type, options)

    block = os.urandom(4 << 20)
    print('| op | size | threads | ops | MiB/s | ops/s | p50 ms | p99 ms |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|')
    for size in sizes:
        for threads in concurrency:
            ops = max(threads, min(max_ops, (1 << 30) // size) // threads * threads)
            locations = [None] * ops

            def add(i, size=size, locations=locations):
                location, _, _, _, _ = glance_store.add_to_backend_with_multihash(
                    conf, 'bench-py-' + str(uuid.uuid4()), Source(block, size), size, 'sha512')
                locations[i] = location

            def get(i, size=size, locations=locations):
                chunks, _ = glance_store.get_from_backend(locations[i % len(locations)])
                got = 0
                for chunk in chunks:
                    got += len(chunk)
                if got != size:
                    raise IOError('read %d of %d bytes' % (got, size))

            for op, work in (('add', add), ('get', get)):
                wall, lat, failures = run_cell(threads, ops, work)
                done = len(lat)
                mibps = done * size / float(1 << 20) / wall
                print('| python %s | %s | %d | %d%s | %.0f | %.1f | %.2f | %.2f |' % (
                    op, label(size), threads, done, ' (%d failed: %s)' % (len(failures), failures[0])
                    if failures else '', mibps, done / wall, percentile(lat, 0.5) * 1000,
                    percentile(lat, 0.99) * 1000), flush=True)
                print('pycell %s %s %d %d %.1f %.2f %.3f %.3f' % (
                    op, label(size).replace(' ', '_'), threads, done, mibps, done / wall,
                    percentile(lat, 0.5) * 1000, percentile(lat, 0.99) * 1000), flush=True)
                if op == 'add':
                    locations[:] = [loc for loc in locations if loc is not None] or [None]
            for location in locations:
                if location is not None:
                    glance_store.delete_from_backend(location)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
