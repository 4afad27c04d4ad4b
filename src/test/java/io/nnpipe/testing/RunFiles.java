package io.nnpipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The files of run folders, byte for byte, for reproducibility assertions. */
public final class RunFiles {
    /** Every output a run writes but the manifest (which records the JVM, thread count, resume). */
    public static final Predicate<String> OUTPUTS = f -> !f.equals("run.yaml");

    private RunFiles() {
    }

    /** Every regular file under {@code dir} by relative path ({@code /}-separated), with its bytes. */
    public static Map<String, byte[]> read(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Asserts that both folders hold the same files (those {@code which} selects) with the same bytes. */
    public static void assertSameBytes(Path expected, Path actual, Predicate<String> which) {
        Map<String, byte[]> a = read(expected);
        Map<String, byte[]> b = read(actual);
        a.keySet().removeIf(which.negate());
        b.keySet().removeIf(which.negate());
        assertEquals(a.keySet(), b.keySet(), "the same files in " + expected + " and " + actual);
        for (String f : a.keySet()) {
            if (!Arrays.equals(a.get(f), b.get(f))) {
                fail(f + " differs between " + expected + " and " + actual + firstLine(a.get(f), b.get(f)));
            }
        }
    }

    private static String firstLine(byte[] x, byte[] y) {
        String[] u = new String(x, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        String[] v = new String(y, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < Math.min(u.length, v.length); i++) {
            if (!u[i].equals(v[i])) {
                return ": line " + (i + 1) + "\n  " + u[i] + "\n  " + v[i];
            }
        }
        return ": " + u.length + " lines vs " + v.length;
    }
}
