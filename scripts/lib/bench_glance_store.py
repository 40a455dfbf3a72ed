"""The Python side of the backend benchmarks: Python glance_store adding and getting one file
through one of its drivers, as Glance would.

run(store_type, options, path, reps) configures glance_store with `store_type` as its store and
the driver's own [glance_store] options given (credentials, sizes), then per repetition prints
"key value" lines (MiB/s, and CPU seconds per GiB of this process and of the server processes named in BENCH_SERVER_PIDS, see
bench_cpu.py): python-add (add_to_backend_with_multihash, md5 and sha512 included) and python-get
(iterating get_from_backend to the end), and deletes the image. Each driver's bench_glance_store.py
turns its command line into the options. Run them with Debian's /usr/bin/python3.
"""

import os
import uuid

import bench_cpu
import glance_store_conf


def run(store_type, options, path, reps):
    import glance_store

    conf = glance_store_conf.stores(store_type, options)
    size = os.path.getsize(path)
    servers = bench_cpu.server_pids()
    for _ in range(reps):
        image_id = 'bench-py-' + str(uuid.uuid4())
        sample = bench_cpu.Sample(servers)
        with open(path, 'rb') as data:
            location, _, _, _, _ = glance_store.add_to_backend_with_multihash(
                conf, image_id, data, size, 'sha512')
        sample.report('python-add', size)
        sample = bench_cpu.Sample(servers)
        chunks, _ = glance_store.get_from_backend(location)
        for _ in chunks:
            pass
        sample.report('python-get', size)
        glance_store.delete_from_backend(location)
