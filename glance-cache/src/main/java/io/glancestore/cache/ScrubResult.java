package io.glancestore.cache;

/**
 * What a scrub of the cache folder found ({@code verify()}): every complete copy read and hashed
 * against the md5 and multihash recorded when it was cached.
 *
 * @param checked copies read
 * @param bytes bytes read
 * @param quarantined copies whose bytes or file did not match their record, moved to
 *     {@code invalid/} (their images are read from the store from then on)
 * @param adopted copies that matched but whose file had another identity than recorded (restored
 *     or adopted from the folder): their identity is now recorded
 */
public record ScrubResult(int checked, long bytes, int quarantined, int adopted) {

    /** Nothing checked. */
    public static final ScrubResult NONE = new ScrubResult(0, 0, 0, 0);
}
