"""Times Python glance_store's rbd driver adding and getting one file, as Glance would.

    bench_glance_store.py <ceph.conf> <pool> <file> <repetitions>

Prints "key value" lines (MiB/s, and CPU seconds per GiB of this process and of the server
processes named in BENCH_SERVER_PIDS, see scripts/lib/bench_cpu.py): python-add
(add_to_backend_with_multihash, md5 and sha512 included) and python-get (iterating
get_from_backend to the end).
Run it with Debian's /usr/bin/python3, which has glance_store, rados and rbd.
"""

import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import bench_cpu  # noqa: E402
import glance_store_conf  # noqa: E402


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 64
    ceph_conf, pool, path, reps = argv[1], argv[2], argv[3], int(argv[4])
    import glance_store
    conf = glance_store_conf.stores('rbd', {
        'rbd_store_ceph_conf': ceph_conf, 'rbd_store_pool': pool, 'rbd_store_user': 'admin'})

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
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
