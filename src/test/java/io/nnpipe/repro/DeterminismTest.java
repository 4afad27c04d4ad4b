package io.nnpipe.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Processes;
import io.nnpipe.testing.RunFiles;
import io.nnpipe.testing.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same config, same bits (docs/determinism.md): a workload that uses every source of variation
 * (drawn weights, shuffling, mini-batches, every transcendental function, Adam, a schedule) gives
 * byte-identical outputs run after run, for any thread count, under another locale and time zone,
 * and in another JVM (Java 25 when installed) started in another directory.
 */
class DeterminismTest {
    @TempDir
    static Path tmp;
    static Path config;
    static Path reference;

    @BeforeAll
    static void runTheReference() {
        config = Workloads.smallCnn(tmp, "workload", 24, 9, 4);
        reference = train("reference", "--threads", "1");
    }

    static Path train(String name, String... extra) {
        Path out = tmp.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("-q", config.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return out;
    }

    @Test
    void theSameConfigTwiceWritesTheSameBytesManifestIncluded() {
        Path again = train("again", "--threads", "1");
        RunFiles.assertSameBytes(reference, again, f -> true);
        assertTrue(RunFiles.read(reference).size() > 5, "loss, epochs, trace, snapshots, checkpoint, manifest");
    }

    @Test
    void everyThreadCountWritesTheSameBytes() {
        for (String threads : List.of("2", "3")) {
            RunFiles.assertSameBytes(reference, train("threads-" + threads, "--threads", threads), RunFiles.OUTPUTS);
        }
    }

    @Test
    void localeAndTimeZoneChangeNothing() {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            // Arabic digits and a comma decimal separator would show in any locale-dependent format
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            RunFiles.assertSameBytes(reference, train("ar-EG"), RunFiles.OUTPUTS);
            Locale.setDefault(Locale.forLanguageTag("de-DE"));
            RunFiles.assertSameBytes(reference, train("de-DE"), RunFiles.OUTPUTS);
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    /** Java 25 if installed (else this JVM again), another working directory, locale and time zone. */
    @Test
    void anotherJvmInAnotherDirectoryWritesTheSameBytes() throws Exception {
        Path java = Processes.java25() != null ? Processes.java25() : Processes.currentJava();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path out = tmp.resolve("other-jvm");
        Path log = tmp.resolve("other-jvm.log");
        Process p = Processes.start(java, elsewhere, List.of("-Duser.language=tr", "-Duser.country=TR",
                "-Duser.timezone=Asia/Kathmandu"), log, "-q", config.toAbsolutePath().toString(), "--out",
                out.toAbsolutePath().toString(), "--threads", "2");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
        assertEquals(0, p.exitValue(), () -> Processes.output(log));
        RunFiles.assertSameBytes(reference, out, RunFiles.OUTPUTS);
        String manifest = Files.readString(out.resolve("run.yaml"));
        assertTrue(manifest.contains("version: \"" + (java.equals(Processes.JAVA_25) ? "25" : System.getProperty("java.version"))),
                "the manifest names the JVM that ran:\n" + manifest);
    }
}
