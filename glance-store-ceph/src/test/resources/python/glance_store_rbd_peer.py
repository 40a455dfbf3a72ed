"""Python glance_store peer of the rbd store's interoperability tests.

Runs one operation of Python glance_store's rbd driver and prints the result as lines of
key=value (values on one line):

    glance_store_rbd_peer.py add <ceph.conf> <pool> <image id> <data file> [unknown]
    glance_store_rbd_peer.py get <ceph.conf> <pool> <location>
    glance_store_rbd_peer.py delete <ceph.conf> <pool> <location>

The store is configured as a glance-api.conf would configure it: rbd_store_ceph_conf,
rbd_store_pool and rbd_store_user = admin. add prints location, size, md5, multihash and
metadata, as glance_store returns them ("unknown" passes size 0, which glance_store takes for
unknown); get prints the size glance_store reports and the size, md5 and sha512 of the bytes it
yields. A glance_store error prints error=<exception class> and message=... and exits with 3;
a missing glance_store exits with 2.
"""

import hashlib
import json
import os
import sys
import tempfile


def configure(ceph_conf, pool):
    """Configures glance_store as a glance-api.conf with only the rbd store would."""
    import glance_store
    from oslo_config import cfg

    conf_text = ("[glance_store]\n"
                 "stores = rbd\n"
                 "default_store = rbd\n"
                 "rbd_store_ceph_conf = %s\n"
                 "rbd_store_pool = %s\n"
                 "rbd_store_user = admin\n" % (ceph_conf, pool))
    with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as f:
        f.write(conf_text)
        conf_file = f.name
    try:
        conf = cfg.CONF
        glance_store.register_opts(conf)
        conf(args=[], project='glance', default_config_files=[conf_file])
        glance_store.create_stores(conf)
        glance_store.verify_default_store()
    finally:
        os.unlink(conf_file)
    return conf


def add(conf, image_id, data_file, unknown):
    import glance_store
    size = 0 if unknown else os.path.getsize(data_file)
    with open(data_file, 'rb') as data:
        location, written, md5, multihash, metadata = \
            glance_store.add_to_backend_with_multihash(conf, image_id, data, size, 'sha512')
    return {'location': location, 'size': written, 'md5': md5, 'multihash': multihash,
            'metadata': json.dumps(metadata, sort_keys=True)}


def get(location):
    import glance_store
    chunks, size = glance_store.get_from_backend(location)
    md5 = hashlib.md5()
    sha512 = hashlib.sha512()
    read = 0
    for chunk in chunks:
        md5.update(chunk)
        sha512.update(chunk)
        read += len(chunk)
    return {'location': location, 'size': size, 'read': read, 'md5': md5.hexdigest(),
            'multihash': sha512.hexdigest()}


def delete(location):
    import glance_store
    glance_store.delete_from_backend(location)
    return {'deleted': location}


def emit(result):
    for key, value in result.items():
        print('%s=%s' % (key, str(value).replace('\n', ' ')))


def main(argv):
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 64
    command, ceph_conf, pool = argv[1], argv[2], argv[3]
    try:
        import glance_store.exceptions
    except ImportError as e:
        emit({'error': 'ImportError', 'message': e})
        return 2
    conf = configure(ceph_conf, pool)
    try:
        if command == 'add':
            result = add(conf, argv[4], argv[5], len(argv) > 6 and argv[6] == 'unknown')
        elif command == 'get':
            result = get(argv[4])
        elif command == 'delete':
            result = delete(argv[4])
        else:
            print('unknown command ' + command, file=sys.stderr)
            return 64
    except glance_store.exceptions.GlanceStoreException as e:
        emit({'error': type(e).__name__, 'message': e})
        return 3
    emit(result)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
