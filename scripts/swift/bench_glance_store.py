"""Times Python glance_store's swift driver adding and getting one file, as Glance would.

    bench_glance_store.py <auth url> <user> <key> <file> <repetitions> <segment MB>

Prints "key value" lines (MiB/s, and CPU seconds per GiB of this process and of the server
processes named in BENCH_SERVER_PIDS, see scripts/lib/bench_cpu.py): python-add
(add_to_backend_with_multihash, md5 and sha512 included; segmented with
swift_store_large_object_size and swift_store_large_object_chunk_size = <segment MB>) and
python-get (iterating get_from_backend to the end).
Run it with Debian's /usr/bin/python3, which has glance_store and swiftclient.
"""

import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import bench_cpu  # noqa: E402
import glance_store_conf  # noqa: E402


def main(argv):
    if len(argv) != 7:
        print(__doc__, file=sys.stderr)
        return 64
    auth_url, user, key, path, reps, segment = argv[1], argv[2], argv[3], argv[4], int(argv[5]), argv[6]
    import glance_store
    conf = glance_store_conf.stores('swift', {
        'swift_store_auth_version': '1', 'swift_store_auth_address': auth_url, 'swift_store_user': user,
        'swift_store_key': key, 'swift_store_container': 'bench-py', 'swift_store_create_container_on_put': 'true',
        'swift_store_large_object_size': segment, 'swift_store_large_object_chunk_size': segment})

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
