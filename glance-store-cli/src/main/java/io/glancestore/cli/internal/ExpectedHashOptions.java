package io.glancestore.cli.internal;

import picocli.CommandLine.Option;

/**
 * The {@code --md5} and {@code --multihash} options of the commands that check an image against
 * hashes the caller knows (Glance's {@code checksum} and {@code os_hash_value}).
 */
final class ExpectedHashOptions {

    @Option(names = "--md5", paramLabel = "HEX", description = "the md5 the image must have (Glance's checksum)")
    String md5;

    @Option(names = "--multihash", paramLabel = "ALG:HEX",
            description = "the multihash the image must have, e.g. sha512:ab12...")
    String multihash;

    /**
     * The options, checked.
     *
     * @return the checked values
     * @throws CliException (usage) if one is malformed
     */
    ExpectedHashArguments checked() {
        return ExpectedHashArguments.parse(md5, multihash);
    }
}
