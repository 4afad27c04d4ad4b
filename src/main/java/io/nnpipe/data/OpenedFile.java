package io.nnpipe.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * A data file opened for reading: {@link #in()} gives its content, decompressed when the file is
 * gzip (recognised by its first two bytes, 1f 8b, not by its name), while the SHA-256 of the bytes
 * on disk is computed along the way. {@link #finish()} reads whatever the parser left (so the
 * hash always covers the whole file) and returns the file's {@link DataFile} record.
 */
final class OpenedFile implements Closeable {
    private static final int BUFFER = 1 << 16;
    private final Path path;
    private final InputStream raw;
    private final DigestInputStream digest;
    private final InputStream content;

    private OpenedFile(Path path, InputStream raw, DigestInputStream digest, InputStream content) {
        this.path = path;
        this.raw = raw;
        this.digest = digest;
        this.content = content;
    }

    /** Opens {@code path}; the caller closes it. */
    static OpenedFile open(Path path) throws IOException {
        InputStream raw = Files.newInputStream(path);
        try {
            DigestInputStream digest = new DigestInputStream(raw, sha256());
            BufferedInputStream buffered = new BufferedInputStream(digest, BUFFER);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream content = gzip ? new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER) : buffered;
            return new OpenedFile(path, raw, digest, content);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The file's content (decompressed if gzip). */
    InputStream in() {
        return content;
    }

    /** Reads the rest of the file into the hash and returns the file's record. */
    DataFile finish() throws IOException {
        byte[] sink = new byte[BUFFER];
        while (digest.read(sink) >= 0) {
            // only the hash needs these bytes
        }
        String hex = HexFormat.of().formatHex(digest.getMessageDigest().digest());
        return new DataFile(path, Files.size(path), hex);
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
