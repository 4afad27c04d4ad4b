package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.RunFiles;
import io.nnpipe.testing.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder damaged between the stop and {@code --resume}: every case either resumes to exactly
 * the bytes of an uninterrupted run or is refused (exit 2) naming what is missing and how to go on,
 * with nothing in the folder changed. Snapshots the run wrote before its checkpoint cannot be made
 * again without training again, so their loss is refused; a snapshot after the checkpoint, or a
 * trace file that held no counted rows, is simply written again.
 */
class ResumeDamagedRunTest {
    /** 9 train samples in batches of 4: 3 steps per epoch; snapshots at epochs 0, 2, 4 and 5. */
    static final int STEPS_PER_EPOCH = 3;

    @TempDir
    static Path tmp;
    static Path config;
    static Path uninterrupted;

    @BeforeAll
    static void runWithoutStopping() {
        config = Workloads.smallCnn(tmp, "damaged", 9, 3, 5);
        uninterrupted = tmp.resolve("uninterrupted");
        assertEquals(0, Cli.run("-q", "--no-report", config.toString(), "--out", uninterrupted.toString()).exit());
    }

    /** The run stopped right after {@code step}, with a checkpoint after every epoch (or as {@code args} say). */
    static Path stopped(String name, long step, String... args) {
        Path out = tmp.resolve(name);
        List<String> all = new ArrayList<>(List.of("-q", "--no-report"));
        all.addAll(List.of(args));
        if (!all.contains("--checkpoint-every")) {
            all.addAll(List.of("--checkpoint-every", "0"));
        }
        all.addAll(List.of(config.toString(), "--out", out.toString()));
        StoppedRuns.afterStep(step, all.toArray(String[]::new));
        return out;
    }

    static Cli.Result resume(Path run, String... args) {
        List<String> all = new ArrayList<>(List.of("-q", "--no-report"));
        all.addAll(List.of(args));
        all.addAll(List.of(config.toString(), "--resume", run.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    /** Resumes, expecting exit 2 with each message, and no file of the folder added, removed or changed. */
    static String assertRefusedUntouched(Path run, String... messages) {
        Map<String, byte[]> before = RunFiles.read(run);
        Cli.Result r = resume(run);
        assertEquals(2, r.exit(), r::toString);
        for (String m : messages) {
            assertTrue(r.err().contains(m), "expected \"" + m + "\" in\n" + r.err());
        }
        Map<String, byte[]> after = RunFiles.read(run);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed");
        before.forEach((f, bytes) -> assertTrue(Arrays.equals(bytes, after.get(f)), f + " unchanged"));
        return r.err();
    }

    @Test
    void aRunWhoseWeightsFolderWasDeletedIsRefusedNamingEverySnapshot() throws Exception {
        Path run = stopped("no-weights", 2 * STEPS_PER_EPOCH + 2); // checkpoint after epoch 2: snapshots 0 and 2
        deleteTree(run.resolve("weights"));
        assertRefusedUntouched(run, "cannot resume " + run + ": weights/epoch-0000.csv, weights/epoch-0002.csv are"
                + " missing: the run wrote them before its checkpoint after epoch 2, and only training those epochs"
                + " again can make them again. Restore the missing files from a copy, or start the run again without"
                + " --resume");
        assertFalse(Files.exists(run.resolve("weights")), "not created");
    }

    @Test
    void aRunMissingOneEarlierSnapshotIsRefusedNamingIt() throws Exception {
        Path run = stopped("one-snapshot", 4 * STEPS_PER_EPOCH + 1); // checkpoint after epoch 4
        Files.delete(run.resolve("weights/epoch-0002.csv"));
        String err = assertRefusedUntouched(run, ": weights/epoch-0002.csv is missing: the run wrote it before its"
                + " checkpoint after epoch 4");
        assertFalse(err.contains("epoch-0000") || err.contains("epoch-0004"), err);
    }

    @Test
    void aCompleteRunMissingASnapshotIsRefusedToo() throws Exception {
        Path run = tmp.resolve("complete");
        assertEquals(0, Cli.run("-q", "--no-report", config.toString(), "--out", run.toString()).exit());
        Files.delete(run.resolve("weights/epoch-0005.csv")); // the last epoch's, always written
        assertRefusedUntouched(run, "weights/epoch-0005.csv is missing: the run wrote it before its checkpoint after"
                + " epoch 5");
    }

    @Test
    void aSnapshotWrittenAfterTheCheckpointMayBeMissingItIsWrittenAgain() throws Exception {
        // checkpoints at most every 10^6 s: only the start's, while snapshots 0 and 2 were written
        Path run = stopped("after-checkpoint", 2 * STEPS_PER_EPOCH + 1, "--checkpoint-every", "1000000");
        Files.delete(run.resolve("weights/epoch-0002.csv"));
        assertEquals(0, resume(run).exit());
        RunFiles.assertSameBytes(uninterrupted, run, RunFiles.OUTPUTS);
    }

    @Test
    void deletedLogsWithCountedRowsAreRefusedNamingTheFileAndTheRowsExpected() throws Exception {
        for (String log : List.of("loss.csv", "epochs.csv", "trace.csv")) {
            Path run = stopped("no-" + log, 2 * STEPS_PER_EPOCH + 2); // trace.csv holds step 1, counted
            Files.delete(run.resolve(log));
            assertRefusedUntouched(run, "cannot resume " + run + ": " + log + " is missing, but the checkpoint after"
                    + " epoch 2 counted", "restore it from a copy, or start the run again without --resume");
        }
    }

    @Test
    void logsCutInsideTheCountedRowsAreRefused() throws Exception {
        Path run = stopped("cut-epochs", 2 * STEPS_PER_EPOCH + 2);
        byte[] epochs = Files.readAllBytes(run.resolve("epochs.csv"));
        Files.write(run.resolve("epochs.csv"), Arrays.copyOf(epochs, epochs.length - 3)); // half of row 2
        assertRefusedUntouched(run, "epochs.csv holds 1 complete rows, but the checkpoint after epoch 2 counted 2");

        Path empty = stopped("empty-trace", 2 * STEPS_PER_EPOCH + 2);
        Files.write(empty.resolve("trace.csv"), new byte[0]);
        assertRefusedUntouched(empty, "trace.csv holds 0 complete rows, but the checkpoint after epoch 2 counted");
    }

    @Test
    void aTraceFileWithNoCountedRowsMayBeMissingItIsWrittenAgain() throws Exception {
        Path whole = tmp.resolve("trace7-whole");
        assertEquals(0, Cli.run("-q", "--no-report", "--trace", "7", config.toString(), "--out", whole.toString()).exit());
        Path run = stopped("trace7", 2 * STEPS_PER_EPOCH + 2, "--trace", "7"); // step 7 traced after the checkpoint
        Files.delete(run.resolve("trace.csv"));
        assertEquals(0, resume(run, "--trace", "7").exit());
        RunFiles.assertSameBytes(whole, run, RunFiles.OUTPUTS);
    }

    @Test
    void logsWithNoCountedRowsMayBeMissingTheyAreWrittenAgain() throws Exception {
        Path run = stopped("epoch-0-logs", 2); // checkpoint at the start: no rows counted yet
        Files.delete(run.resolve("loss.csv"));
        Files.delete(run.resolve("epochs.csv"));
        Files.delete(run.resolve("trace.csv"));
        assertEquals(0, resume(run).exit());
        RunFiles.assertSameBytes(uninterrupted, run, RunFiles.OUTPUTS);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
