package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageStore;
import io.glancestore.exception.UnknownHashingAlgoException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The md5 checksum and the multihash, against published test vectors. */
public abstract class HashingContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected HashingContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("io.glancestore.tck.HashingContract#publishedVectors")
    @DisplayName("md5 and sha512 of the published test vectors (RFC 1321, FIPS 180)")
    void publishedVectors(String input, String md5, String sha512) throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        byte[] bytes = input.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AddResult result = store().add(newImageId(), new ByteArrayInputStream(bytes), bytes.length);

        assertThat(result.checksum()).as("checksum").isEqualTo(md5);
        assertThat(result.multihash()).as("multihash").isEqualTo(sha512);
        assertThat(result.hashAlgorithm()).isEqualTo("sha512");
    }

    @Test
    @DisplayName("md5 and sha512 of one million 'a' (published vector), streamed with an unknown size")
    void millionA() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        byte[] bytes = new byte[1_000_000];
        Arrays.fill(bytes, (byte) 'a');
        AddResult result = store().add(newImageId(), new TricklingInputStream(
                new ByteArrayInputStream(bytes), 64 * KIB, 7), ImageStore.UNKNOWN_SIZE);

        assertThat(result.size()).isEqualTo(1_000_000);
        assertThat(result.checksum()).isEqualTo("7707d6ae4e027c70eea2a935c2296f21");
        assertThat(result.multihash()).isEqualTo("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                + "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "sha1,       a9993e364706816aba3e25717850c26c9cd0d89d",
        "sha224,     23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
        "sha256,     ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha384,     cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            + "8086072ba1e7cc2358baeca134c825a7",
        "sha512,     " + SHA512_ABC,
        "sha512_224, 4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
        "sha512_256, 53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
        "sha3_224,   e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
        "sha3_256,   3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        "sha3_384,   ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
            + "98d88cea927ac7f539f1edf228376d25",
        "sha3_512,   b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
            + "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"})
    @DisplayName("AddOptions.hashAlgorithm chooses the multihash by its Glance name; the md5 checksum stays md5")
    void chosenAlgorithm(String algorithm, String abcDigest) throws Exception {
        AddResult result = addAbc(algorithm);

        assertThat(result.hashAlgorithm()).isEqualTo(algorithm);
        assertThat(result.multihash()).isEqualTo(abcDigest);
        assertThat(result.checksum()).isEqualTo(MD5_ABC);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "SHA-256,     sha256,     ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "SHA256,      sha256,     ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "SHA-384,     sha384,     cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            + "8086072ba1e7cc2358baeca134c825a7",
        "SHA-512,     sha512,     " + SHA512_ABC,
        "SHA-512/256, sha512_256, 53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
        "SHA3-512,    sha3_512,   b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
            + "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"})
    @DisplayName("JDK and upper-case algorithm names are accepted and reported under their Glance name")
    void jdkAlgorithmNames(String given, String glanceName, String abcDigest) throws Exception {
        AddResult result = addAbc(given);

        assertThat(result.hashAlgorithm()).isEqualTo(glanceName);
        assertThat(result.multihash()).isEqualTo(abcDigest);
    }

    @Test
    @DisplayName("hashAlgorithm(null) uses the store's default, sha512")
    void nullAlgorithmMeansDefault() throws Exception {
        AddResult result = addAbc(null);

        assertThat(result.hashAlgorithm()).isEqualTo("sha512");
        assertThat(result.multihash()).isEqualTo(SHA512_ABC);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sha256, SHA-256", "sha3_512, SHA3-512", "sha1, SHA-1"})
    @DisplayName("a chosen algorithm hashes every chunk of a multi-chunk image")
    void chosenAlgorithmMultiChunk(String algorithm, String jdkName) throws Exception {
        GeneratedImage image = GeneratedImage.of(31, 5L * MIB + 3);
        AddResult result = addHashedWith(image, algorithm);

        assertThat(result.multihash()).isEqualTo(image.digestHex(jdkName));
        assertThat(result.checksum()).isEqualTo(image.md5Hex());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"sha999", "md6", "not-an-algorithm", "sha3_999", "", "  "})
    @DisplayName("an unknown algorithm fails with UnknownHashingAlgoException and stores nothing")
    void unknownAlgorithm(String algorithm) throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        GeneratedImage image = GeneratedImage.of(32, 70_000);
        assertAddFailsStoringNothing(UnknownHashingAlgoException.class, id -> store().add(id, image.openStream(),
                image.size(), AddOptions.builder().hashAlgorithm(algorithm).build()));
    }

    private AddResult addAbc(String algorithm) {
        requireCapability(Capability.WRITE_ACCESS);
        return store().add(newImageId(), new ByteArrayInputStream(new byte[] {'a', 'b', 'c'}), 3,
                AddOptions.builder().hashAlgorithm(algorithm).build());
    }

    /**
     * Published md5 (RFC 1321) and sha512 (FIPS 180-2 and common) vectors: input, md5, sha512.
     *
     * @return the vectors
     */
    static Stream<Arguments> publishedVectors() {
        return Stream.of(
                Arguments.of("", MD5_EMPTY, SHA512_EMPTY),
                Arguments.of("abc", MD5_ABC, SHA512_ABC),
                Arguments.of("message digest", "f96b697d7cb7938d525a2f31aaf161d0",
                        "107dbf389d9e9f71a3a95f6c055b9251bc5268c2be16d6c13492ea45b0199f33"
                        + "09e16455ab1e96118e8a905d5597b72038ddb372a89826046de66687bb420e7c"),
                Arguments.of("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b",
                        "4dbff86cc2ca1bae1e16468a05cb9881c97f1753bce3619034898faa1aabe429"
                        + "955a1bf8ec483d7421fe3c1646613a59ed5441fb0f321389f77f48a879c7b1f1"),
                Arguments.of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                        "8215ef0796a20bcaaae116d3876c664a",
                        "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
                        + "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"),
                Arguments.of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                        + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                        "03dd8807a93175fb062dfb55dc7d359c",
                        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                        + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
                Arguments.of("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6",
                        "07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb64"
                        + "2e93a252a954f23912547d1e8a3b5ed6e1bfd7097821233fa0538f3db854fee6"));
    }
}
