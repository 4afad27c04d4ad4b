package io.nnpipe.data;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Mark;

/**
 * Reports the problems of one data file like config problems: at {@code file:line:column} (or the
 * file alone when a position does not apply, e.g. in a binary file, where the message names the
 * record), under the YAML path of the key that named the file. Reports at most {@value #MAX}
 * problems per file, then how many more there were.
 */
final class FileErrors {
    static final int MAX = 20;
    private final String file;
    private final String yamlPath;
    private final Diagnostics diagnostics;
    private int count;

    FileErrors(String file, String yamlPath, Diagnostics diagnostics) {
        this.file = file;
        this.yamlPath = yamlPath;
        this.diagnostics = diagnostics;
    }

    /** A problem at a line and column (1-based) of a text file. */
    void at(long line, long column, String message) {
        add(new Mark(file, (int) Math.min(line, Integer.MAX_VALUE), (int) Math.min(column, Integer.MAX_VALUE)), message);
    }

    /** A problem of the whole file (or of a record of a binary file, named in the message). */
    void file(String message) {
        add(Mark.of(file), message);
    }

    /** Whether any problem was found. */
    boolean any() {
        return count > 0;
    }

    /** Whether the cap is reached, so a reader may stop looking. */
    boolean full() {
        return count >= MAX;
    }

    /** Reports how many problems were left out, if any. */
    void finish() {
        if (count > MAX) {
            diagnostics.omitted(Mark.of(file), yamlPath, count - MAX);
        }
    }

    private void add(Mark mark, String message) {
        count++;
        if (count <= MAX) {
            diagnostics.error(mark, yamlPath, message);
        }
    }
}
