package io.glancestore.s3.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The part of S3 the store uses (path-style; objects, ranged reads, multipart uploads), kept in a
 * folder so that load tests can move hundreds of MiB through it without holding them in memory
 * (WireMock keeps every request). It checks no signature. Keys starting with {@code fail500-}
 * have their part 2 answered with 500 InternalError, every time. {@link #openUploads()} and
 * {@link #objects()} show what a test left behind.
 */
final class FolderS3 implements AutoCloseable {

    private static final Pattern PART_NUMBER = Pattern.compile("<PartNumber>(\\d+)</PartNumber>");

    private final Path objects;
    private final Path uploads;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    FolderS3(Path root) throws IOException {
        this.objects = Files.createDirectories(root.resolve("objects"));
        this.uploads = Files.createDirectories(root.resolve("uploads"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return multipart uploads neither completed nor aborted */
    long openUploads() throws IOException {
        try (Stream<Path> s = Files.list(uploads)) {
            return s.count();
        }
    }

    /** @return the keys stored, temporary files included */
    List<String> objects() throws IOException {
        try (Stream<Path> s = Files.list(objects)) {
            return s.map(p -> URLDecoder.decode(p.getFileName().toString(), StandardCharsets.UTF_8)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getRawPath().substring(1).split("/", 2);
            if (path.length < 2 || path[1].isEmpty()) {
                answer(exchange, 200, ""); // the bucket exists
                return;
            }
            String key = URLDecoder.decode(path[1], StandardCharsets.UTF_8);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Path object = objects.resolve(URLEncoder.encode(key, StandardCharsets.UTF_8));
            switch (exchange.getRequestMethod() + (query.containsKey("uploadId") ? " upload"
                    : query.containsKey("uploads") ? " uploads" : "")) {
                case "HEAD" -> head(exchange, object);
                case "GET" -> get(exchange, object);
                case "PUT" -> putObject(exchange, object);
                case "DELETE" -> {
                    Files.deleteIfExists(object);
                    answer(exchange, 204, "");
                }
                case "POST uploads" -> {
                    String id = UUID.randomUUID().toString();
                    Files.createDirectories(uploads.resolve(id));
                    answer(exchange, 200, "<InitiateMultipartUploadResult><UploadId>" + id
                            + "</UploadId></InitiateMultipartUploadResult>");
                }
                case "PUT upload" -> putPart(exchange, key, uploads.resolve(query.get("uploadId")),
                        Integer.parseInt(query.get("partNumber")));
                case "POST upload" -> complete(exchange, object, uploads.resolve(query.get("uploadId")));
                case "DELETE upload" -> {
                    deleteTree(uploads.resolve(query.get("uploadId")));
                    answer(exchange, 204, "");
                }
                default -> answer(exchange, 405, "<Error><Code>MethodNotAllowed</Code></Error>");
            }
        }
    }

    private void head(HttpExchange exchange, Path object) throws IOException {
        if (!Files.isRegularFile(object)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Length", String.valueOf(Files.size(object)));
        exchange.getResponseHeaders().set("ETag", etag(object));
        exchange.sendResponseHeaders(200, -1);
    }

    private void get(HttpExchange exchange, Path object) throws IOException {
        if (!Files.isRegularFile(object)) {
            answer(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>");
            return;
        }
        long size = Files.size(object);
        String etag = etag(object);
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        if (ifMatch != null && !ifMatch.equals(etag)) {
            answer(exchange, 412, "<Error><Code>PreconditionFailed</Code></Error>");
            return;
        }
        long first = 0;
        long last = size - 1;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
        if (m != null && m.matches()) {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + size);
        }
        exchange.getResponseHeaders().set("ETag", etag);
        long length = Math.max(0, last - first + 1);
        exchange.sendResponseHeaders(m != null && m.matches() ? 206 : 200, length == 0 ? -1 : length);
        try (InputStream in = Files.newInputStream(object); OutputStream out = exchange.getResponseBody()) {
            in.skipNBytes(first);
            copy(in, out, length);
        } catch (IOException e) {
            // the reader went away
        }
    }

    private void putObject(HttpExchange exchange, Path object) throws IOException {
        if ("*".equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && Files.exists(object)) {
            answer(exchange, 412, "<Error><Code>PreconditionFailed</Code></Error>");
            return;
        }
        Path temporary = objects.resolve(".put-" + UUID.randomUUID());
        String md5 = receive(exchange, temporary);
        if (md5 == null) {
            return;
        }
        Files.move(temporary, object, StandardCopyOption.ATOMIC_MOVE);
        exchange.getResponseHeaders().set("ETag", "\"" + md5 + "\"");
        answer(exchange, 200, "");
    }

    private void putPart(HttpExchange exchange, String key, Path upload, int number) throws IOException {
        if (!Files.isDirectory(upload)) {
            answer(exchange, 404, "<Error><Code>NoSuchUpload</Code></Error>");
            return;
        }
        if (key.startsWith("fail500-") && number == 2) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            answer(exchange, 500, "<Error><Code>InternalError</Code></Error>");
            return;
        }
        Path temporary = upload.resolve(".part-" + UUID.randomUUID());
        String md5 = receive(exchange, temporary);
        if (md5 == null) {
            return;
        }
        try {
            Files.move(temporary, upload.resolve(String.valueOf(number)), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary); // aborted meanwhile
            answer(exchange, 404, "<Error><Code>NoSuchUpload</Code></Error>");
            return;
        }
        exchange.getResponseHeaders().set("ETag", "\"" + md5 + "\"");
        answer(exchange, 200, "");
    }

    private void complete(HttpExchange exchange, Path object, Path upload) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<Integer> numbers = new ArrayList<>();
        for (Matcher m = PART_NUMBER.matcher(request); m.find(); ) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        Path temporary = objects.resolve(".complete-" + UUID.randomUUID());
        try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
            for (int number : numbers) {
                Files.copy(upload.resolve(String.valueOf(number)), out);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            answer(exchange, 400, "<Error><Code>InvalidPart</Code></Error>");
            return;
        }
        if (Files.exists(object)) {
            Files.delete(temporary);
            answer(exchange, 412, "<Error><Code>PreconditionFailed</Code></Error>");
            return;
        }
        Files.move(temporary, object, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(upload);
        answer(exchange, 200, "<CompleteMultipartUploadResult><ETag>\"x-" + numbers.size()
                + "\"</ETag></CompleteMultipartUploadResult>");
    }

    /** The body into a file, with its md5; {@code null} (and no file) if it broke off. */
    private static String receive(HttpExchange exchange, Path file) throws IOException {
        long length = Long.parseLong(exchange.getRequestHeaders().getFirst("Content-Length"));
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = exchange.getRequestBody();
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(file,
                            StandardOpenOption.CREATE_NEW), md5)) {
                if (copy(in, out, length) != length) {
                    throw new IOException("body ended early");
                }
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            Files.deleteIfExists(file);
            return null;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long done = 0;
        while (done < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - done));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            done += n;
        }
        return done;
    }

    private static String etag(Path object) throws IOException {
        return "\"" + Files.size(object) + "-" + Files.getLastModifiedTime(object).toMillis() + "\"";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> pairs = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                pairs.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return pairs;
    }

    /** Deletes an upload, again while a part that was still arriving lands in it. */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 0; Files.exists(dir); attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                if (attempt > 100) {
                    throw new IOException("upload " + dir + " could not be deleted", e);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
            }
        }
    }
}
