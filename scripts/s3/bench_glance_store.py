"""Times Python glance_store's s3 driver adding and getting one file, as Glance would.

    bench_glance_store.py <rgw.env> <file> <repetitions> <part MiB> <parts at once>

Prints python-add and python-get lines, see scripts/lib/bench_glance_store.py; the store is
configured as the Java store of scripts/s3/bench.sh: path-style, the default large object size
(100 MiB), the same part size and s3_store_thread_pools. Run it with Debian's /usr/bin/python3,
which has glance_store and boto3.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import bench_glance_store  # noqa: E402


def read_env(path):
    with open(path) as f:
        return dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line and not line.startswith('#'))


def main(argv):
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 64
    env = read_env(argv[1])
    bench_glance_store.run('s3', {'s3_store_host': env['S3_ENDPOINT'],
                                  's3_store_access_key': env['S3_ACCESS_KEY'],
                                  's3_store_secret_key': env['S3_SECRET_KEY'], 's3_store_bucket': 'bench-py',
                                  's3_store_create_bucket_on_put': 'true', 's3_store_bucket_url_format': 'path',
                                  's3_store_large_object_chunk_size': argv[4],
                                  's3_store_thread_pools': argv[5]}, argv[2], int(argv[3]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
