package io.nnpipe.config;

import java.nio.charset.Charset;

/**
 * Why a path with characters beyond ASCII may not be usable at all. Java encodes file names in the
 * charset its locale gives ({@code sun.jnu.encoding}, not {@code file.encoding}, even on Java
 * 18+): under {@code LC_ALL=C} or an unset {@code LANG} — the default of many CI containers — that
 * is ASCII, so a folder named {@code ünï} cannot be opened, the command line already holds
 * {@code ?} in its place, and so does the working directory (QA, sixth pass).
 */
public final class LocalePaths {
    private LocalePaths() {
    }

    /**
     * A hint to append to a refusal of {@code path} ("; this JVM encodes file names as ..."), or ""
     * when file names are UTF-8 or the path has nothing the locale could have mangled.
     */
    public static String hint(String path) {
        String encoding = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        if (encoding.replace("-", "").equalsIgnoreCase("UTF8") || path.indexOf('\u0000') >= 0
                || path.chars().noneMatch(c -> c == '?' || c == '\uFFFD' || c > 127)) {
            return "";
        }
        return "; this JVM encodes file names as " + encoding + " (from the locale), so names with other characters"
                + " cannot be opened: run it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8";
    }
}
