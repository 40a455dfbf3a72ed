"""Times Python glance_store's rbd driver adding and getting one file, as Glance would.

    bench_glance_store.py <ceph.conf> <pool> <file> <repetitions>

Prints python-add and python-get lines, see scripts/lib/bench_glance_store.py.
Run it with Debian's /usr/bin/python3, which has glance_store, rados and rbd.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import bench_glance_store  # noqa: E402


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 64
    ceph_conf, pool, path, reps = argv[1], argv[2], argv[3], int(argv[4])
    bench_glance_store.run('rbd', {'rbd_store_ceph_conf': ceph_conf,
                            'rbd_store_pool': pool, 'rbd_store_user': 'admin'}, path, reps)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
