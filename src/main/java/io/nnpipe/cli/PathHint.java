package io.nnpipe.cli;

import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;

/**
 * What to do about a path the JVM refused. Java encodes file names in the charset its locale gives
 * ({@code sun.jnu.encoding}, not {@code file.encoding}, even on Java 18+): under {@code LC_ALL=C}
 * or an unset {@code LANG} — the default of many CI containers — that is ASCII, so a folder named
 * {@code ünï} cannot be opened at all, and the command line already holds {@code ?} in its place.
 */
final class PathHint {
    private PathHint() {
    }

    /** A hint to append to the refusal, or "" when the locale is not the cause (e.g. a NUL in the path). */
    static String of(InvalidPathException e) {
        String encoding = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        boolean utf8 = encoding.replace("-", "").equalsIgnoreCase("UTF8");
        if (utf8 || e.getInput().indexOf('\u0000') >= 0) {
            return "";
        }
        return "; this JVM encodes file names as " + encoding + " (from the locale): run it with a UTF-8 locale,"
                + " e.g. LC_ALL=C.UTF-8";
    }
}
