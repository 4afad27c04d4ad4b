package io.nnpipe.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The tool's version and the git commit it was built from, embedded at build time
 * ({@code io/nnpipe/build-info.properties}, filled in by Maven). Either may be {@code "unknown"}:
 * e.g. a build outside a git checkout, or classes compiled by an IDE.
 *
 * @param version the project version, e.g. {@code 0.1.0}
 * @param commit the full commit hash, or {@code "unknown"}
 * @param dirty {@code "true"} when tracked files differed from the commit, {@code "false"}, or
 *     {@code "unknown"}
 */
public record BuildInfo(String version, String commit, String dirty) {
    public static final String UNKNOWN = "unknown";

    /** The build info of this tool's classes. */
    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/nnpipe/build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource only means the build info is unknown
        }
        String commit = known(p.getProperty("git.commit"));
        return new BuildInfo(known(p.getProperty("version")), commit,
                commit.equals(UNKNOWN) ? UNKNOWN : known(p.getProperty("git.dirty")));
    }

    /** A filtered value, or "unknown" when empty or left unfiltered (still {@code ${...}}). */
    private static String known(String v) {
        return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.trim();
    }
}
