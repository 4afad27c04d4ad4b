package io.nnpipe.output;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Whole-file writes that are all-or-nothing: the content goes to a hidden temporary file beside
 * the target, which is then renamed over it, so a reader (or a killed process) never sees half a
 * file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code text} as UTF-8 to {@code file}, atomically. */
    public static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file}, atomically. */
    public static void write(Path file, byte[] bytes) {
        replace(file, tmp -> Files.write(tmp, bytes));
    }

    /**
     * Writes the UTF-8 text that {@code body} produces into a {@link TextSink} to {@code file},
     * atomically, a chunk at a time (the whole text is never held in memory).
     */
    public static void write(Path file, Consumer<TextSink> body) {
        replace(file, tmp -> {
            try (Writer w = new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8)) {
                TextSink sink = new TextSink(w);
                body.accept(sink);
                sink.drain();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
    }

    private interface FileWrite {
        void to(Path tmp) throws IOException;
    }

    private static void replace(Path file, FileWrite write) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            write.to(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one worth reporting
            }
            throw new UncheckedIOException("cannot write " + file + ": " + describe(e, file), e);
        }
    }

    /**
     * Why {@code file} could not be written, in words (the exception's own message is a bare path
     * for a missing folder and names our hidden temporary file).
     */
    static String describe(IOException e, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return (file.getParent() != null ? file.getParent() : parent)
                    + (Files.exists(parent) ? " is not a folder" : " does not exist");
        }
        if (Files.isDirectory(file)) {
            return "it is a folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
