package io.nnpipe.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the command line in a separate JVM, with this test run's classes. */
public final class Processes {
    /** Java 25, when installed here (tests that use it fall back to, or skip without, it). */
    public static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private Processes() {
    }

    /** The java launcher of the JVM running the tests. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Java 25 if installed, else null. */
    public static Path java25() {
        return Files.isExecutable(JAVA_25) ? JAVA_25 : null;
    }

    /**
     * Starts {@code io.nnpipe.cli.Main args} with {@code java}, in {@code workDir}, with extra JVM
     * options; stdout and stderr go to {@code log}.
     */
    public static Process start(Path java, Path workDir, List<String> jvmOptions, Path log, String... args) {
        return startMain(java, workDir, jvmOptions, log, "io.nnpipe.cli.Main", args);
    }

    /** Starts {@code mainClass args} like {@link #start}. */
    public static Process startMain(Path java, Path workDir, List<String> jvmOptions, Path log, String mainClass,
            String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's class path with every entry made absolute (the child may run elsewhere). */
    private static String classpath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** What a finished process printed. */
    public static String output(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
