package io.nnpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Under an ASCII locale a non-ASCII path (already "?" on the command line) gets the hint to use a
 * UTF-8 locale; under UTF-8, or for an ASCII path or a NUL, it gets none. The property is the JVM's
 * reading of the locale; setting it here only changes what {@link LocalePaths} reads.
 */
class LocalePathsTest {
    private static String under(String encoding, String path) {
        String was = System.getProperty("sun.jnu.encoding");
        System.setProperty("sun.jnu.encoding", encoding);
        try {
            return LocalePaths.hint(path);
        } finally {
            System.setProperty("sun.jnu.encoding", was);
        }
    }

    @Test
    void aNonAsciiPathUnderAnAsciiLocaleGetsTheUtf8LocaleHint() {
        assertTrue(under("ANSI_X3.4-1968", "/work/??n??/cnn.yaml").contains("this JVM encodes file names as ANSI_X3.4-1968"
                + " (from the locale), so names with other characters cannot be opened: run it with a UTF-8 locale, e.g."
                + " LC_ALL=C.UTF-8"));
        assertEquals("", under("UTF-8", "/work/ünï/cnn.yaml"));
        assertEquals("", under("ANSI_X3.4-1968", "/work/plain/cnn.yaml"));
        assertEquals("", under("ANSI_X3.4-1968", "run\u0000é"));
    }
}
