package io.glancestore.s3.internal;

import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.support.ResumingRangeStream;
import io.glancestore.support.ResumingRangeStream.Body;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;

/**
 * The ranged GETs of one object read, for {@link ResumingRangeStream}: every range after the
 * first carries {@code If-Match: <the first answer's ETag>}, so the bytes delivered are one
 * version of the object's whatever the number of resumptions, and an object replaced meanwhile
 * fails the read instead of splicing two versions.
 */
final class ObjectRangeOpener implements ResumingRangeStream.RangeOpener {

    /** Opens a ranged GET from {@code first} to {@code last} (inclusive), with If-Match when given. */
    interface Get {
        HttpURLConnection open(long first, long last, String ifMatch) throws IOException;
    }

    private final Get get;
    private String etag;

    private ObjectRangeOpener(Get get) {
        this.get = get;
    }

    /**
     * Exactly {@code length} bytes of the object from {@code offset}, its first GET sent now so
     * that a missing object fails the call that asked for it; resumed up to {@code retries}
     * times ({@code s3_store_retry_get_count}).
     */
    static InputStream read(Get get, long offset, long length, int retries, String what) throws IOException {
        return new ResumingRangeStream(new ObjectRangeOpener(get), offset, length, retries, what,
                (failure, position, resumed) -> {
                    throw new RemoteServiceUnavailableException(what + ": the body broke off at byte " + position
                            + " after " + resumed + " resumptions (s3_store_retry_get_count): " + failure, failure);
                }).start();
    }

    @Override
    public Body open(long first, long last) throws IOException {
        HttpURLConnection c = get.open(first, last, etag);
        InputStream in;
        try {
            in = c.getInputStream();
            if (etag == null) {
                etag = c.getHeaderField("ETag");
            }
            if (c.getResponseCode() == 200 && first > 0) {
                // A server that ignores the range sends the whole object: skip to the first byte.
                in.skipNBytes(first);
            }
        } catch (IOException | RuntimeException e) {
            c.disconnect();
            throw e;
        }
        return new Body(in, c::disconnect);
    }
}
