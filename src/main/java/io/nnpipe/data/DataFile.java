package io.nnpipe.data;

import java.nio.file.Path;

/**
 * A data file that was read for a run: its path (as resolved from the config's directory), its
 * size on disk and the SHA-256 of its bytes as stored (before any gzip decompression), in lower-case
 * hex. The run manifest records these so that a run names exactly the data it saw.
 */
public record DataFile(Path path, long bytes, String sha256) {
}
