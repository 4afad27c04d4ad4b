package io.nnpipe.config;

/**
 * A position in a configuration source: the file (or {@code --set} argument) and a 1-based line
 * and column. Line 0 means the position is not known (e.g. a limit hit while reading).
 */
public record Mark(String source, int line, int column) {

    /** A mark for a whole source without a position. */
    public static Mark of(String source) {
        return new Mark(source, 0, 0);
    }

    /** {@code file:line:column}, or just the file when the position is unknown. */
    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ":" + column : source;
    }
}
