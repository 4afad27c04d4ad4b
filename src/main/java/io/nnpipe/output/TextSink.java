package io.nnpipe.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Text produced in pieces and written a chunk at a time, so that a large file (a snapshot or a
 * checkpoint of every parameter, after every epoch) is never held whole in memory: append to
 * {@link #text()}, call {@link #drainIfFull()} between pieces. Holding whole files cost a long
 * run hundreds of megabytes of touched heap (docs/performance.md, "Memory"). The buffers start
 * small and grow to what the file needs (at most about two chunks): a small network's run writes
 * hundreds of files of a few hundred bytes (a snapshot and a checkpoint every epoch), and zeroing
 * two chunk-sized buffers for each was ~14 ms of the seed example's start-up (docs/performance.md,
 * "Start-up"). Not thread-safe.
 */
public final class TextSink {
    private static final int CHUNK = 1 << 15;
    private final StringBuilder b = new StringBuilder(256);
    private final Writer out;
    private char[] chars = new char[0];

    /** A sink draining to {@code out}; the caller closes {@code out} after {@link #drain()}. */
    public TextSink(Writer out) {
        this.out = out;
    }

    /** The pending text; append to it. */
    public StringBuilder text() {
        return b;
    }

    /** Writes the pending text out once it reaches a chunk. */
    public void drainIfFull() {
        if (b.length() >= CHUNK) {
            drain();
        }
    }

    /** Writes all pending text out. I/O errors are thrown as {@link UncheckedIOException}. */
    public void drain() {
        int n = b.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, Math.min(2 * chars.length, 2 * CHUNK))];
        }
        b.getChars(0, n, chars, 0);
        try {
            out.write(chars, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.setLength(0);
    }
}
