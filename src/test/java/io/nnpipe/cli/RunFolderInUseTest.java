package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.output.RunFolder;
import io.nnpipe.output.RunLock;
import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} and {@code evaluate} leave a folder alone while a training run holds it (QA, sixth pass: report drew a
 * half-written run into it, which the run's own report then replaced), and draws once it is free.
 */
class RunFolderInUseTest {
    @TempDir
    Path tmp;

    @Test
    void reportRefusesAFolderATrainingRunIsWriting() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, Cli.run("-q", "--no-report", "configs/doc-example.yaml", "--epochs", "2", "--out", run.toString()).exit());
        try (RunLock lock = RunLock.acquire(RunFolder.at(run))) {
            Cli.Result r = Cli.run("report", "configs/doc-example.yaml", "--epochs", "2", "--out", run.toString());
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains("a training run is still writing " + run), r.err());
            assertTrue(Files.notExists(run.resolve(RunFolder.REPORT)), "nothing drawn");
        }
        Cli.Result free = Cli.run("report", "configs/doc-example.yaml", "--epochs", "2", "--out", run.toString());
        assertEquals(0, free.exit(), free::toString);
        assertTrue(Files.exists(run.resolve(RunFolder.REPORT)));
    }

    @Test
    void evaluateWritesNothingIntoAFolderATrainingRunIsWritingButMayReadItsSnapshots() throws IOException {
        Path run = tmp.resolve("run");
        String config = "configs/doc-example.yaml";
        assertEquals(0, Cli.run("-q", "--no-report", config, "--epochs", "2", "--out", run.toString()).exit());
        String snapshot = run.resolve("weights/epoch-0001.csv").toString();
        try (RunLock lock = RunLock.acquire(RunFolder.at(run))) {
            Cli.Result r = Cli.run("evaluate", "-q", config, "--data", "train", "--weights", snapshot);
            assertEquals(2, r.exit(), r::toString);
            assertEquals("error: --out: a training run is still writing " + run.toAbsolutePath().normalize()
                    + "; write evaluation-epoch-0001.csv elsewhere (--out FILE, or --out - for stdout) or once that run"
                    + " has ended\n", r.err());
            assertTrue(Files.notExists(run.resolve("evaluation-epoch-0001.csv")));
            Cli.Result p = Cli.run("evaluate", "-q", config, "--data", "train", "--weights", snapshot, "--out", "-", "--predictions",
                    run.resolve("p.csv").toString());
            assertEquals(2, p.exit(), p::toString);
            assertTrue(p.err().startsWith("error: --predictions: a training run is still writing "), p.err());
            Cli.Result elsewhere = Cli.run("evaluate", "-q", config, "--data", "train", "--weights", snapshot, "--out", "-");
            assertEquals(0, elsewhere.exit(), elsewhere::toString);
            assertTrue(elsewhere.out().startsWith("metric,true_class,predicted_class,value\nsamples,,,2\nloss,,,"),
                    elsewhere.out());
        }
        assertEquals(0, Cli.run("evaluate", "-q", config, "--data", "train", "--weights", snapshot).exit());
        assertTrue(Files.exists(run.resolve("evaluation-epoch-0001.csv")));
    }
}
