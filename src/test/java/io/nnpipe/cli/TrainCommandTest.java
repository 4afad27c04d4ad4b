package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.output.RunFolder;
import io.nnpipe.output.RunLock;
import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on configs/doc-example.yaml: the files, their headers and row counts. */
class TrainCommandTest {

    @Test
    void aFolderInUseByAnotherRunIsRefusedAndLeftAlone(@TempDir Path tmp) throws Exception {
        // a second run into the folder deleted the first one's files while it kept writing, and the
        // first then wrote a run.yaml describing the second one's files (QA, second pass)
        Path out = tmp.resolve("run");
        assertEquals(0, Cli.run("-q", "--no-report", "configs/doc-example.yaml", "--out", out.toString(), "--epochs", "2")
                .exit());
        byte[] loss = Files.readAllBytes(out.resolve("loss.csv"));
        String busy = "error: " + out + " is in use by another training run (in this or another process); wait for it"
                + " to end, or choose another folder with --out\n";
        try (RunLock running = RunLock.acquire(RunFolder.at(out))) {
            Cli.Result again = Cli.run("-q", "--no-report", "configs/doc-example.yaml", "--out", out.toString());
            assertEquals(2, again.exit(), again::toString);
            assertEquals(busy, again.err());
            Cli.Result resume = Cli.run("-q", "--no-report", "configs/doc-example.yaml", "--resume", out.toString());
            assertEquals(2, resume.exit(), resume::toString);
            assertEquals(busy, resume.err());
            assertArrayEquals(loss, Files.readAllBytes(out.resolve("loss.csv")), "untouched");
            assertTrue(Files.exists(out.resolve("run.yaml")));
        }
        assertEquals(0, Cli.run("-q", "--no-report", "configs/doc-example.yaml", "--out", out.toString(), "--epochs", "2")
                .exit(), "free again once the other run ends");
        assertArrayEquals(loss, Files.readAllBytes(out.resolve("loss.csv")));
    }

    @Test
    void anEmptyFolderOptionIsRefusedNotTakenForTheWorkingDirectory() {
        // "--out $DIR" with DIR unset: the run wrote (and cleaned) the folder it was started in (QA, second pass).
        // The config named does not exist, so a regression cannot write here either: only the message differs.
        for (String[] args : List.of(new String[] {"missing.yaml", "--out", ""},
                new String[] {"missing.yaml", "--resume", " "}, new String[] {"verify", "missing.yaml", "--golden", ""})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().matches("error: --(out|resume|golden): expected a value, found an empty string \\(for the"
                    + " current folder, write \\.\\)\n(?s).*"), r.err());
        }
        Cli.Result weights = Cli.run("evaluate", "missing.yaml", "--weights", "");
        assertTrue(weights.err().startsWith("error: --weights: expected a value, found an empty string\n"), weights.err());
    }

    @Test
    void aRunFolderHoldingADataFileNamedLikeAnOutputIsRefusedAndTheDataKept(@TempDir Path tmp) throws Exception {
        // the run deleted epochs.csv, the user's data, then failed with "cannot read epochs.csv" (QA, second pass)
        String data = "label,a,b\n0,1,0\n1,0,1\n";
        Files.writeString(tmp.resolve("epochs.csv"), data);
        Files.createDirectories(tmp.resolve("weights"));
        Files.writeString(tmp.resolve("weights/epoch-0001.csv"), data);
        for (String file : List.of("epochs.csv", "weights/epoch-0001.csv")) {
            Path config = Files.writeString(tmp.resolve("c.yaml"), """
                    epochs: 1
                    data: {input_shape: [2], train: {csv: FILE}}
                    layers: [{type: dense, units: 2}]
                    loss: softmax_cross_entropy
                    optimizer: {type: sgd, learning_rate: 0.1}
                    """.replace("FILE", file));
            Cli.Result r = Cli.run("-q", "--no-report", config.toString(), "--out", tmp.resolve(".").toString());
            assertEquals(2, r.exit(), r::toString);
            assertEquals("error: the run folder " + tmp.resolve(".") + " would replace " + tmp.resolve(file) + ", which"
                    + " the run reads and which has the name of one of its outputs; choose another --out, or rename the"
                    + " file\n", r.err());
            assertEquals(data, Files.readString(tmp.resolve(file)));
        }
        Path config = Files.writeString(tmp.resolve("run.yaml"), Files.readString(Path.of("configs/doc-example.yaml")));
        Cli.Result named = Cli.run("-q", "--no-report", config.toString(), "--out", tmp.toString());
        assertEquals(2, named.exit(), "a config named run.yaml would be replaced by the manifest");
        assertEquals(Files.readString(Path.of("configs/doc-example.yaml")), Files.readString(config));
        assertFalse(Files.exists(tmp.resolve("loss.csv")));
    }

    @Test
    void docExampleWritesEveryOutputWithItsHeaderAndRowCount(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("configs/doc-example.yaml", "--out", out.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out(), "training prints nothing on stdout");

        Csv loss = Csv.read(out.resolve("loss.csv"));
        assertEquals(List.of("epoch", "step", "sample", "loss", "batch_size", "learning_rate"), loss.header());
        assertEquals(200, loss.rows().size(), "2 samples x 100 epochs, one step each");
        Map<String, String> first = loss.rows().get(0);
        Map<String, String> last = loss.rows().get(199);
        assertEquals(List.of("1", "1", "1"), List.of(first.get("epoch"), first.get("step"), first.get("sample")));
        assertEquals(List.of("100", "200", "2"), List.of(last.get("epoch"), last.get("step"), last.get("sample")));
        assertEquals("0.1", first.get("learning_rate"));

        Csv epochs = Csv.read(out.resolve("epochs.csv"));
        assertEquals(List.of("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy"), epochs.header());
        assertEquals(100, epochs.rows().size());
        assertEquals("", epochs.rows().get(0).get("test_loss"), "no test set: empty");
        double meanOfFirstEpoch = (Double.parseDouble(first.get("loss"))
                + Double.parseDouble(loss.rows().get(1).get("loss"))) / 2;
        assertEquals(meanOfFirstEpoch, Double.parseDouble(epochs.rows().get(0).get("train_loss")), 1e-15);
        assertTrue(Double.parseDouble(epochs.rows().get(99).get("train_loss")) < 0.05, "the loss falls");
        assertEquals("1", epochs.rows().get(99).get("train_accuracy"));

        for (int e = 0; e <= 100; e++) {
            Path snap = out.resolve(String.format("weights/epoch-%04d.csv", e));
            assertTrue(Files.exists(snap), snap.toString());
        }
        Csv initial = Csv.read(out.resolve("weights/epoch-0000.csv"));
        assertEquals(List.of("layer", "param", "index", "value"), initial.header());
        assertEquals(22, initial.rows().size(), "8 + 2 conv, 4 + 2 hidden, 4 + 2 output parameters");
        assertEquals(Map.of("layer", "conv", "param", "weight", "index", "3", "value", "-1"), initial.rows().get(3));

        Csv trace = Csv.read(out.resolve("trace.csv"));
        assertEquals(List.of("epoch", "step", "sample", "phase", "layer", "tensor", "index", "value"), trace.header());
        assertTrue(trace.rows().stream().allMatch(row -> row.get("step").equals("1")), "only step 1 is traced");
    }

    @Test
    void snapshotEveryKeepsTheLastEpoch(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", "configs/doc-example.yaml", "--out", out.toString(), "--epochs", "7",
                "--set", "output.snapshot_every=3", "--trace", "none");
        assertEquals(0, r.exit(), r::toString);
        for (int e = 0; e <= 7; e++) {
            boolean expected = e % 3 == 0 || e == 7;
            assertEquals(expected, Files.exists(out.resolve(String.format("weights/epoch-%04d.csv", e))), "epoch " + e);
        }
        assertFalse(Files.exists(out.resolve("trace.csv")), "no trace requested");
    }

    @Test
    void rerunReplacesTheEarlierOutputs(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        assertEquals(0, Cli.run("-q", "configs/doc-example.yaml", "--out", out.toString(), "--epochs", "5").exit());
        assertEquals(0, Cli.run("-q", "configs/doc-example.yaml", "--out", out.toString(), "--epochs", "2").exit());
        assertEquals(4, Csv.read(out.resolve("loss.csv")).rows().size());
        assertFalse(Files.exists(out.resolve("weights/epoch-0005.csv")), "stale snapshot removed");
    }

    @Test
    void helpAndVersionGoToStdout() {
        Cli.Result help = Cli.run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--trace") && help.out().contains("--out"), help.out());
        // every exit code the README lists (3 covers weights too; 70 was missing)
        assertTrue(help.out().replace("\n", " ").contains("3 training stopped (non-finite loss, gradient or weight), 70 a bug"),
                help.out());
        Cli.Result version = Cli.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("nnpipe "), version.out());
    }

    @Test
    void badArgumentsExitWithCodeTwoAndNoStackTrace() {
        Cli.Result r = Cli.run("--no-such-option", "configs/doc-example.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no-such-option"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        Cli.Result missing = Cli.run("configs/does-not-exist.yaml");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("configs/does-not-exist.yaml: no such file"), missing.err());
    }

    @Test
    void validatePrintsTheStageTable() {
        Cli.Result r = Cli.run("validate", "configs/doc-example.yaml");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("conv") && r.out().contains("1x4x4") && r.out().contains("2x2x2"), r.out());
        assertTrue(r.out().contains("total parameters: 22"), r.out());
    }
}
