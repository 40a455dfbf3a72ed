"""Python glance_store as the peer of a store's interoperability tests.

Runs one operation of one of glance_store's drivers, configured as a glance-api.conf with only
that store would configure it, and prints the result as key=value lines (values on one line):

    glance_store_peer.py <store type> <options file> check
    glance_store_peer.py <store type> <options file> add <image id> <data file> [unknown]
    glance_store_peer.py <store type> <options file> get <location>
    glance_store_peer.py <store type> <options file> delete <location>

The options file holds the store's [glance_store] options with Glance's names, one key=value per
line, so that credentials stay off command lines; they are never printed. check imports what
the driver needs and prints ok=<store type>. add prints location, size, md5, multihash and
metadata (as JSON) as glance_store returns them ("unknown" passes size 0, which glance_store
takes for unknown); get prints the size glance_store reports and the size (read), md5 and
sha512 of the bytes it yields; delete prints deleted=<location>. A glance_store error prints
error=<exception class> and message=... and exits with 3; a missing glance_store or driver
module prints error=ImportError and the Debian packages to install, and exits with 2.
"""

import hashlib
import json
import os
import sys
import tempfile

# Per driver: the Python modules it needs besides glance_store and oslo.config, and the Debian
# packages that provide them.
DRIVERS = {
    'file': ((), ()),
    'rbd': (('rados', 'rbd'), ('python3-rados', 'python3-rbd')),
    'swift': (('swiftclient',), ('python3-swiftclient',)),
    's3': (('boto3', 'glance_store._drivers.s3'), ('python3-boto3',)),
}


def read_options(path):
    options = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                key, _, value = line.partition('=')
                options[key.strip()] = value.strip()
    return options


def check_imports(store_type):
    modules, packages = DRIVERS[store_type]
    try:
        import glance_store.exceptions  # noqa: F401
        import oslo_config  # noqa: F401
        for module in modules:
            __import__(module)
    except ImportError as e:
        return {'error': 'ImportError', 'message': '%s; install the Debian packages %s' % (
            e, ' '.join(('python3-glance-store',) + packages))}
    return None


def configure(store_type, options):
    """Configures glance_store as a glance-api.conf with only this store would."""
    import glance_store
    from oslo_config import cfg

    with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as f:
        f.write('[glance_store]\nstores = %s\ndefault_store = %s\n' % (store_type, store_type))
        for key, value in options.items():
            f.write('%s = %s\n' % (key, value))
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
    if len(argv) < 4 or argv[1] not in DRIVERS:
        print(__doc__, file=sys.stderr)
        return 64
    store_type, options_file, command, args = argv[1], argv[2], argv[3], argv[4:]
    missing = check_imports(store_type)
    if missing:
        emit(missing)
        return 2
    if command == 'check':
        emit({'ok': store_type})
        return 0
    import glance_store.exceptions
    conf = configure(store_type, read_options(options_file))
    try:
        if command == 'add' and len(args) in (2, 3):
            result = add(conf, args[0], args[1], args[2:] == ['unknown'])
        elif command in ('get', 'delete') and len(args) == 1:
            result = get(args[0]) if command == 'get' else delete(args[0])
        else:
            print(__doc__, file=sys.stderr)
            return 64
    except glance_store.exceptions.GlanceStoreException as e:
        emit({'error': type(e).__name__, 'message': e})
        return 3
    emit(result)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
