package io.nnpipe.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a file of a run folder (or a snapshot) for reading, refusing anything but a regular file:
 * a {@code loss.csv} or {@code checkpoint.txt} that is a link to {@code /dev/zero}, or a named
 * pipe, was read as one endless line until memory ran out, an internal error (exit 70) instead of
 * a message (found in QA's second pass). A missing file still throws
 * {@link java.nio.file.NoSuchFileException}, as {@link Files#newBufferedReader} does.
 */
final class RegularFile {
    private RegularFile() {
    }

    /** A UTF-8 reader of {@code file}. */
    static BufferedReader open(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(Files.isDirectory(file) ? "it is a folder" : "not a regular file");
        }
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }
}
