"""Python glance_store peer of the s3 store's interoperability tests.

Runs one operation of Python glance_store's s3 driver and prints the result as key=value lines:

    glance_store_s3_peer.py add <endpoint> <bucket> <large MiB> <chunk MiB> <image id> <data file> [unknown]
    glance_store_s3_peer.py get <endpoint> <bucket> <large MiB> <chunk MiB> <location>
    glance_store_s3_peer.py delete <endpoint> <bucket> <large MiB> <chunk MiB> <location>

The access and secret keys come from the environment (S3_ACCESS_KEY, S3_SECRET_KEY), never from
the command line, and are never printed. The store is configured as a glance-api.conf would
configure it for radosgw: s3_store_host, s3_store_access_key, s3_store_secret_key, s3_store_bucket,
s3_store_create_bucket_on_put, s3_store_bucket_url_format = path, s3_store_large_object_size and
s3_store_large_object_chunk_size. add prints location, size, md5 and multihash as glance_store
returns them ("unknown" passes size 0); get prints the size glance_store reports and the size, md5
and sha512 of the bytes it yields. A glance_store error prints error=<class> and exits 3.
"""

import hashlib
import os
import sys
import tempfile


def configure(endpoint, bucket, large, chunk):
    import glance_store
    from oslo_config import cfg

    options = {'stores': 's3', 'default_store': 's3', 's3_store_host': endpoint,
               's3_store_access_key': os.environ['S3_ACCESS_KEY'],
               's3_store_secret_key': os.environ['S3_SECRET_KEY'], 's3_store_bucket': bucket,
               's3_store_create_bucket_on_put': 'true', 's3_store_bucket_url_format': 'path',
               's3_store_large_object_size': large, 's3_store_large_object_chunk_size': chunk}
    with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as f:
        f.write('[glance_store]\n' + ''.join('%s = %s\n' % kv for kv in options.items()))
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


def run(command, conf, args):
    import glance_store
    if command == 'add':
        size = 0 if len(args) > 2 and args[2] == 'unknown' else os.path.getsize(args[1])
        with open(args[1], 'rb') as data:
            location, written, md5, multihash, _ = glance_store.add_to_backend_with_multihash(
                conf, args[0], data, size, 'sha512')
        return {'location': location, 'size': written, 'md5': md5, 'multihash': multihash}
    if command == 'get':
        chunks, size = glance_store.get_from_backend(args[0])
        md5, sha512, read = hashlib.md5(), hashlib.sha512(), 0
        for chunk in chunks:
            md5.update(chunk)
            sha512.update(chunk)
            read += len(chunk)
        return {'size': size, 'read': read, 'md5': md5.hexdigest(), 'multihash': sha512.hexdigest()}
    if command == 'delete':
        glance_store.delete_from_backend(args[0])
        return {'deleted': 'yes'}
    raise SystemExit('unknown command ' + command)


def main(argv):
    if len(argv) < 7:
        print(__doc__, file=sys.stderr)
        return 64
    import glance_store.exceptions
    conf = configure(*argv[2:6])
    try:
        result = run(argv[1], conf, argv[6:])
    except glance_store.exceptions.GlanceStoreException as e:
        result = {'error': type(e).__name__}
        for key, value in result.items():
            print('%s=%s' % (key, value))
        return 3
    for key, value in result.items():
        print('%s=%s' % (key, str(value).replace('\n', ' ')))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
