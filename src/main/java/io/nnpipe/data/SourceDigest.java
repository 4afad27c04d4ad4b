package io.nnpipe.data;

/**
 * The SHA-256 (lower-case hex) and size in bytes that the run manifest records for a data source
 * whose reader computed them itself: an image folder, whose digest covers every image read
 * ({@link ImageFolder}). Plain files are hashed by the manifest.
 */
public record SourceDigest(String sha256, long bytes) {
}
