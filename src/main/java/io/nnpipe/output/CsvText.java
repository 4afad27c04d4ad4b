package io.nnpipe.output;

/** Text fields of the CSV files nnpipe writes (class names, file names), quoted only when they must be. */
final class CsvText {
    private CsvText() {
    }

    /** Appends {@code text} as a field: in double quotes (inner quotes doubled, RFC 4180) when it holds , " or a line break. */
    static StringBuilder field(StringBuilder b, String text) {
        if (text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return b.append(text);
        }
        return b.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
