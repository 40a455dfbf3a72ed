"""Python glance_store peer of the swift store's interoperability tests.

Runs one operation of Python glance_store's swift driver and prints the result as lines of
key=value (values on one line):

    glance_store_swift_peer.py add <auth url> <user> <key> <container> <large MB> <chunk MB> <image id> <data file> [unknown]
    glance_store_swift_peer.py get <auth url> <user> <key> <container> <large MB> <chunk MB> <location>
    glance_store_swift_peer.py delete <auth url> <user> <key> <container> <large MB> <chunk MB> <location>

The store is configured as a glance-api.conf would configure it for a tempauth Swift:
swift_store_auth_version = 1, swift_store_auth_address, swift_store_user, swift_store_key,
swift_store_container, swift_store_create_container_on_put, swift_store_large_object_size and
swift_store_large_object_chunk_size. add prints location, size, md5, multihash and metadata as
glance_store returns them ("unknown" passes size 0, which glance_store takes for unknown); get
prints the size glance_store reports and the size, md5 and sha512 of the bytes it yields. A
glance_store error prints error=<exception class> and message=... and exits with 3; a missing
glance_store exits with 2. Credentials are read from the arguments and never printed.
"""

import hashlib
import json
import os
import sys
import tempfile


def configure(auth_url, user, key, container, large, chunk):
    import glance_store
    from oslo_config import cfg

    conf_text = ("[glance_store]\n"
                 "stores = swift\n"
                 "default_store = swift\n"
                 "swift_store_auth_version = 1\n"
                 "swift_store_auth_address = %s\n"
                 "swift_store_user = %s\n"
                 "swift_store_key = %s\n"
                 "swift_store_container = %s\n"
                 "swift_store_create_container_on_put = true\n"
                 "swift_store_large_object_size = %s\n"
                 "swift_store_large_object_chunk_size = %s\n"
                 % (auth_url, user, key, container, large, chunk))
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
    if len(argv) < 9:
        print(__doc__, file=sys.stderr)
        return 64
    command = argv[1]
    try:
        import glance_store.exceptions
    except ImportError as e:
        emit({'error': 'ImportError', 'message': e})
        return 2
    conf = configure(*argv[2:8])
    try:
        if command == 'add':
            result = add(conf, argv[8], argv[9], len(argv) > 10 and argv[10] == 'unknown')
        elif command == 'get':
            result = get(argv[8])
        elif command == 'delete':
            result = delete(argv[8])
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
