"""Times boto3's own transfer manager uploading and downloading one file: what the S3 client that
glance_store's s3 driver is built on does when nothing else is asked of it (no md5, no sha512).

    bench_boto3.py <rgw.env> <file> <repetitions> <part MiB> <parts at once>

Prints boto3-upload and boto3-download lines ("key value", see scripts/lib/bench_cpu.py):
upload_file with the same multipart threshold (100 MiB), part size and concurrency as the stores,
and a streamed get_object read to its end. Run it with Debian's /usr/bin/python3.
"""

import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import bench_cpu  # noqa: E402


def main(argv):
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 64
    import boto3
    from boto3.s3.transfer import TransferConfig
    from botocore.client import Config

    with open(argv[1]) as f:
        env = dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line)
    path, reps, part, threads = argv[2], int(argv[3]), int(argv[4]) << 20, int(argv[5])
    s3 = boto3.session.Session(aws_access_key_id=env['S3_ACCESS_KEY'],
                               aws_secret_access_key=env['S3_SECRET_KEY']).client(
        's3', endpoint_url=env['S3_ENDPOINT'], region_name=env['S3_REGION'],
        config=Config(s3={'addressing_style': 'path'}))
    bucket = 'bench-boto3'
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    transfer = TransferConfig(multipart_threshold=100 << 20, multipart_chunksize=part, max_concurrency=threads)
    size = os.path.getsize(path)
    servers = bench_cpu.server_pids()
    for _ in range(reps):
        key = 'bench-' + str(uuid.uuid4())
        sample = bench_cpu.Sample(servers)
        s3.upload_file(path, bucket, key, Config=transfer)
        sample.report('boto3-upload', size)
        sample = bench_cpu.Sample(servers)
        body = s3.get_object(Bucket=bucket, Key=key)['Body']
        while body.read(1 << 20):
            pass
        sample.report('boto3-download', size)
        s3.delete_object(Bucket=bucket, Key=key)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
