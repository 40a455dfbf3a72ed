"""Python glance_store peer of the file store's interoperability tests.

Runs one operation of Python glance_store's file driver on a folder and prints the result as
one line of JSON:

    glance_store_peer.py add <datadir> <image id> <data file>
    glance_store_peer.py get <datadir> <location>
    glance_store_peer.py delete <datadir> <location>

add prints location, size, md5, multihash and metadata, as glance_store returns them; get
prints the size glance_store reports and the size, md5 and sha512 of the bytes it yields.
A glance_store error prints {"error": <exception class>, "message": ...} and exits with 3;
a missing glance_store exits with 2.
"""

import hashlib
import json
import os
import sys
import tempfile


def configure(datadir):
    """Configures glance_store as a glance-api.conf with only the file store would."""
    import glance_store
    from oslo_config import cfg

    conf_text = ("[glance_store]\n"
                 "stores = file\n"
                 "default_store = file\n"
                 "filesystem_store_datadir = %s\n" % datadir)
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


def add(conf, image_id, data_file):
    import glance_store
    size = os.path.getsize(data_file)
    with open(data_file, 'rb') as data:
        location, written, md5, multihash, metadata = \
            glance_store.add_to_backend_with_multihash(conf, image_id, data, size, 'sha512')
    return {'location': location, 'size': written, 'md5': md5, 'multihash': multihash,
            'metadata': metadata}


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


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 64
    command, datadir = argv[1], argv[2]
    try:
        import glance_store.exceptions
    except ImportError as e:
        print(json.dumps({'error': 'ImportError', 'message': str(e)}))
        return 2
    conf = configure(datadir)
    try:
        if command == 'add':
            result = add(conf, argv[3], argv[4])
        elif command == 'get':
            result = get(argv[3])
        elif command == 'delete':
            result = delete(argv[3])
        else:
            print('unknown command ' + command, file=sys.stderr)
            return 64
    except glance_store.exceptions.GlanceStoreException as e:
        print(json.dumps({'error': type(e).__name__, 'message': str(e)}))
        return 3
    print(json.dumps(result))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
