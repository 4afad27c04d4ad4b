package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Processes;
import io.nnpipe.testing.RunFiles;
import io.nnpipe.testing.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a training process is killed (SIGKILL) once it has checkpointed epoch 2, and the
 * run is resumed in this JVM; every output is then byte-identical to a run that was never killed.
 */
class KilledRunTest {
    static final int EPOCHS = 20;
    static final int KILL_AFTER_EPOCH = 2;

    @Test
    void aKilledRunResumedWritesTheSameBytesAsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path config = Workloads.smallCnn(tmp, "killed", 24, 6, EPOCHS);
        Path killed = tmp.resolve("killed");
        Path log = tmp.resolve("killed.log");
        Process p = Processes.start(Processes.currentJava(), tmp, List.of(), log, "-q", config.toString(), "--out",
                killed.toString());
        int epoch = waitForCheckpoint(p, killed.resolve("checkpoint.txt"), log);
        p.destroyForcibly();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed process ends");
        assertFalse(Files.exists(killed.resolve("run.yaml")), "killed before the end (checkpoint epoch " + epoch + ")");
        // a process killed in the middle of a write leaves a torn last row: resume must cut it off too
        Files.writeString(killed.resolve("loss.csv"), "99,999,1,0.5", StandardOpenOption.APPEND);

        Cli.Result resumed = Cli.run("-q", config.toString(), "--resume", killed.toString());
        assertEquals(0, resumed.exit(), resumed::toString);
        Path uninterrupted = tmp.resolve("uninterrupted");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", uninterrupted.toString());
        assertEquals(0, r.exit(), r::toString);
        RunFiles.assertSameBytes(uninterrupted, killed, RunFiles.OUTPUTS);
    }

    /** Polls (every 20 ms) until the checkpoint of epoch 2 or later exists; returns its epoch. */
    private static int waitForCheckpoint(Process p, Path checkpoint, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            int epoch = checkpointEpoch(checkpoint);
            if (epoch >= KILL_AFTER_EPOCH) {
                return epoch;
            }
            if (!p.isAlive()) {
                fail("the run ended (exit " + p.exitValue() + ") before it could be killed:\n" + Processes.output(log));
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        return fail("no checkpoint of epoch " + KILL_AFTER_EPOCH + " within 120 s:\n" + Processes.output(log));
    }

    private static int checkpointEpoch(Path checkpoint) {
        try {
            for (String line : Files.readAllLines(checkpoint)) {
                if (line.startsWith("epoch ")) {
                    return Integer.parseInt(line.substring(6));
                }
            }
        } catch (IOException e) {
            // not written yet (it appears atomically, complete or not at all)
        }
        return -1;
    }
}
