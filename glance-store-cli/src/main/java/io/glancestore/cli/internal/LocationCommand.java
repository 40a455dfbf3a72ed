package io.glancestore.cli.internal;

import picocli.CommandLine.Parameters;

/** A command on one image, named by its location URI as its first argument. */
abstract class LocationCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "LOCATION", description = "the image's location URI")
    String location;
}
