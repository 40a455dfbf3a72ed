package io.glancestore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.tck.ScriptedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throwaway S3 server of the integration tests: Ceph's RADOS Gateway on a one-node cluster,
 * started once per test JVM with the project's {@code scripts/ceph/rgw.sh} (which installs the
 * Debian packages if missing) in a folder under {@code target/}, and stopped by pid when the JVM
 * exits. Set {@code GLANCE_STORE_S3_ENV} to the {@code rgw.env} of a running one to use that
 * instead (it is then left running). Without a server the tests fail; they never skip.
 *
 * <p>What the tests check on the server goes through {@code curl --aws-sigv4}: a signer other
 * than the store's own.
 */
final class RgwServer {

    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static RgwServer instance;

    private final Map<String, String> env;

    private RgwServer(Map<String, String> env) {
        this.env = env;
    }

    static synchronized RgwServer get() {
        if (instance == null) {
            instance = new RgwServer(ScriptedServer.startOrReuse("RADOS Gateway", "glancestore.s3",
                    "GLANCE_STORE_S3_ENV", "rgw.env", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY", "S3_SECRET_KEY")
                    .env());
        }
        return instance;
    }

    String endpoint() {
        return env.get("S3_ENDPOINT");
    }

    /** The endpoint without its scheme, as locations name it. */
    String serviceAddress() {
        return endpoint().replaceFirst("^https?://", "");
    }

    String accessKey() {
        return env.get("S3_ACCESS_KEY");
    }

    String secretKey() {
        return env.get("S3_SECRET_KEY");
    }

    /** A store on this server, parts of 5 MiB (the least S3 takes) from 6 MiB on, 3 at once. */
    S3Store.Builder store(String bucket) {
        return S3Store.builder().host(endpoint()).accessKey(accessKey()).secretKey(secretKey()).bucket(bucket)
                .createBucketOnPut(true).bucketUrlFormat("path").largeObjectSizeMiB(6).largeObjectChunkSizeMiB(5)
                .threadPools(3);
    }

    // ---- direct access, to check what the store left in S3

    /** An answer of curl: the status and the body. */
    record Answer(int status, String body) {
    }

    /** Sends a signed request with curl; {@code path} is {@code /bucket[/key][?query]}. */
    Answer request(String method, String path, Path upload) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-X", method, "--aws-sigv4",
                "aws:amz:" + env.get("S3_REGION") + ":s3", "--user", accessKey() + ":" + secretKey(),
                "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-w", "\n%{http_code}"));
        if (upload != null) {
            command.addAll(List.of("-T", upload.toString()));
        }
        if (method.equals("HEAD")) {
            command.set(command.indexOf("-X") + 1, "HEAD");
            command.add("-I");
        }
        command.add(endpoint() + path);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            int nl = out.lastIndexOf('\n');
            return new Answer(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, Math.max(0, nl)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The keys of a bucket (empty if it does not exist). */
    List<String> objects(String bucket) {
        return keys(request("GET", "/" + bucket, null), KEY);
    }

    /** The keys of the multipart uploads in progress in a bucket (ListMultipartUploads). */
    List<String> multipartUploads(String bucket) {
        return keys(request("GET", "/" + bucket + "?uploads", null), KEY);
    }

    private static List<String> keys(Answer answer, Pattern pattern) {
        List<String> keys = new ArrayList<>();
        if (answer.status() == 200) {
            Matcher m = pattern.matcher(answer.body());
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    /** Aborts every multipart upload, deletes every object, and the bucket. */
    void removeBucket(String bucket) {
        empty(bucket);
        request("DELETE", "/" + bucket, null);
    }

    /** Aborts every multipart upload and deletes every object of a bucket. */
    void empty(String bucket) {
        Answer uploads = request("GET", "/" + bucket + "?uploads", null);
        Matcher m = Pattern.compile("<Key>([^<]*)</Key>\\s*<UploadId>([^<]*)</UploadId>").matcher(uploads.body());
        while (m.find()) {
            request("DELETE", "/" + bucket + "/" + m.group(1) + "?uploadId=" + m.group(2), null);
        }
        for (String key : objects(bucket)) {
            request("DELETE", "/" + bucket + "/" + key, null);
        }
    }

    /** Puts a file as an object. */
    void put(String bucket, String key, Path file) {
        assertThat(request("PUT", "/" + bucket + "/" + key, file).status()).isEqualTo(200);
    }

    static void write(Path file, byte[] data) {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
