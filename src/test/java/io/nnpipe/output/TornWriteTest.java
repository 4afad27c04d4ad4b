package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Configs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL in the middle of writing leaves nothing that looks complete but is not:
 * every line that ends with a newline is a whole row, and every snapshot that exists under its own
 * name is whole (AtomicFiles); at most the last bytes of a CSV are a partial row without newline, and
 * at most a hidden {@code .*.tmp} file is left half-written. The next run into the same folder
 * removes those temporary files.
 */
class TornWriteTest {
    @TempDir
    Path tmp;

    @Test
    void aKilledRunLeavesOnlyWholeRowsAndWholeSnapshots() throws Exception {
        Path config = Configs.write(tmp, "long.yaml", Configs.SMALL_CNN.replace("epochs: 2", "epochs: 100000000")
                + "output: {trace: all, snapshot_every: 1}\n");
        Path out = tmp.resolve("run");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.nnpipe.cli.Main", "-q", config.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (size(out.resolve("trace.csv")) < (1 << 20) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(tmp.resolve("log")));
            assertTrue(size(out.resolve("trace.csv")) >= (1 << 20), "the run wrote too little to be killed mid-way");
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (String name : List.of("loss.csv", "epochs.csv", "trace.csv")) {
            assertWholeRows(out.resolve(name));
        }
        int snapshots = 0;
        try (Stream<Path> files = Files.list(out.resolve("weights"))) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp")) {
                    continue; // an unfinished atomic write: hidden, and never renamed into place
                }
                assertTrue(n.matches("epoch-\\d{4,}\\.csv"), n);
                String text = Files.readString(f);
                assertTrue(text.endsWith("\n"), n);
                assertEquals(17, text.lines().count(), n + " is not a whole snapshot (header + 16 parameters)");
                snapshots++;
            }
        }
        assertTrue(snapshots > 0);

        // the next run into the folder starts clean: no stale temporary files
        RunFolder.at(out).prepare();
        try (Stream<Path> files = Stream.concat(Files.list(out), Files.list(out.resolve("weights")))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    /** Every newline-terminated line has the header's number of fields; only a last partial line may lack one. */
    private static void assertWholeRows(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        String[] lines = text.substring(0, end + 1).split("\n");
        int columns = lines[0].split(",", -1).length;
        for (int i = 1; i < lines.length; i++) {
            assertEquals(columns, lines[i].split(",", -1).length, file + " line " + (i + 1) + ": " + lines[i]);
        }
    }

    private static long size(Path f) throws IOException {
        return Files.exists(f) ? Files.size(f) : 0;
    }
}
