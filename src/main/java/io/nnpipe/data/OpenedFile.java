package io.nnpipe.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A data file (or stream) opened for reading: {@link #in()} gives its content, decompressed when
 * it is gzip (recognised by its first two bytes, 1f 8b, not by its name).
 */
final class OpenedFile implements Closeable {
    private static final int BUFFER = 1 << 16;
    private final InputStream raw;
    private final InputStream content;

    private OpenedFile(InputStream raw, InputStream content) {
        this.raw = raw;
        this.content = content;
    }

    /** Opens {@code path}; the caller closes it. */
    static OpenedFile open(Path path) throws IOException {
        return of(Files.newInputStream(path));
    }

    /** The content of the stream {@code raw} (e.g. standard input), which closing this closes. */
    static OpenedFile of(InputStream raw) throws IOException {
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream content = gzip ? new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER) : buffered;
            return new OpenedFile(raw, content);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The file's content (decompressed if gzip). */
    InputStream in() {
        return content;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
