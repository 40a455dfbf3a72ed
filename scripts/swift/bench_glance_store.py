"""Times Python glance_store's swift driver adding and getting one file, as Glance would.

    bench_glance_store.py <auth url> <user> <key> <file> <repetitions> <segment MB>

Prints python-add and python-get lines, see scripts/lib/bench_glance_store.py; the image is
segmented with swift_store_large_object_size and swift_store_large_object_chunk_size = <segment
MB>. Run it with Debian's /usr/bin/python3, which has glance_store and swiftclient.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import bench_glance_store  # noqa: E402


def main(argv):
    if len(argv) != 7:
        print(__doc__, file=sys.stderr)
        return 64
    auth_url, user, key, path, reps, segment = argv[1], argv[2], argv[3], argv[4], int(argv[5]), argv[6]
    bench_glance_store.run('swift', {'swift_store_auth_version': 1,
                            'swift_store_auth_address': auth_url, 'swift_store_user': user,
                            'swift_store_key': key, 'swift_store_container': 'bench-py',
                            'swift_store_create_container_on_put': 'true',
                            'swift_store_large_object_size': segment,
                            'swift_store_large_object_chunk_size': segment}, path, reps)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
