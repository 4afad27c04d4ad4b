package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import io.nnpipe.testing.DigitsNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} measures saved weights: the numbers equal the training run's test columns for
 * the same weights, bit for bit (batch-norm running statistics included), and a snapshot that does
 * not fit the network is refused with its line.
 */
class EvaluateCommandTest {
    @TempDir
    static Path tmp;
    static Path config;
    static Path run;

    @BeforeAll
    static void trainASmallBatchNormNetwork() throws Exception {
        config = tmp.resolve("bn.yaml");
        Files.writeString(config, DigitsNetwork.config("""
                seed: 3
                epochs: 2
                batch_size: 16
                shuffle: true
                """, """
                  train: {csv: %s, limit: 300}
                  split: {test: 0.3, seed: 5}
                  scale: 16
                """.formatted(DigitsNetwork.FILE)));
        run = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", run.toString());
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void evaluatingTheLastSnapshotGivesTheLastEpochsTestMetricsExactly() {
        Cli.Result r = Cli.run("evaluate", "-q", config.toString(), "--weights", run.resolve("weights/epoch-0002.csv").toString());
        assertEquals(0, r.exit(), r::toString);
        Map<String, String> last = Csv.read(run.resolve("epochs.csv")).rows().get(1);
        Csv eval = Csv.read(run.resolve("evaluation-epoch-0002.csv"));
        assertEquals(List.of("metric", "true_class", "predicted_class", "value"), eval.header());
        assertEquals("90", eval.rows().get(0).get("value"));
        assertEquals(last.get("test_loss"), eval.rows().get(1).get("value"));
        assertEquals(last.get("test_accuracy"), eval.rows().get(2).get("value"));
        long confused = eval.rows().stream().filter(row -> row.get("metric").equals("confusion")).count();
        assertEquals(100, confused);
        assertTrue(r.out().contains("confusion matrix: rows = true class, columns = predicted class"), r::toString);
        assertTrue(r.out().contains("loss      " + last.get("test_loss")), r::toString);
    }

    @Test
    void predictionsHoldEverySampleAndAgreeWithTheReportedMetricsExactly() {
        Path predictions = tmp.resolve("predictions.csv");
        Path eval = tmp.resolve("eval-for-predictions.csv");
        Cli.Result r = Cli.run("evaluate", "-q", config.toString(), "--weights", run.resolve("weights/epoch-0002.csv").toString(),
                "--out", eval.toString(), "--predictions", predictions.toString());
        assertEquals(0, r.exit(), r::toString);
        Csv p = Csv.read(predictions);
        assertEquals(List.of("sample", "label", "predicted", "loss", "output_0"), p.header().subList(0, 5));
        assertEquals("target_9", p.header().get(p.header().size() - 1));
        assertEquals(90, p.rows().size());
        double sum = 0;
        int correct = 0;
        for (int i = 0; i < 90; i++) {
            Map<String, String> row = p.rows().get(i);
            assertEquals(String.valueOf(i + 1), row.get("sample"));
            sum += Double.parseDouble(row.get("loss")); // left to right, as the evaluator sums
            int best = 0;
            for (int j = 1; j < 10; j++) {
                if (Double.parseDouble(row.get("output_" + j)) > Double.parseDouble(row.get("output_" + best))) {
                    best = j;
                }
            }
            assertEquals(String.valueOf(best), row.get("predicted"), "the first maximum output, sample " + (i + 1));
            assertEquals("1", row.get("target_" + row.get("label")), "one-hot target of the label");
            correct += row.get("label").equals(row.get("predicted")) ? 1 : 0;
        }
        List<Map<String, String>> metrics = Csv.read(eval).rows();
        assertEquals(metrics.get(1).get("value"), io.nnpipe.output.Num.format(sum / 90), "mean of the rows' losses");
        assertEquals(metrics.get(2).get("value"), io.nnpipe.output.Num.format(correct / 90.0));
    }

    @Test
    void theInitialSnapshotAndOutFileCanBeChosen() {
        Path out = tmp.resolve("initial.csv");
        Cli.Result r = Cli.run("evaluate", "-q", config.toString(), "--weights", run.resolve("weights/epoch-0000.csv").toString(),
                "--out", out.toString(), "--data", "train");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("210", Csv.read(out).rows().get(0).get("value"));
    }

    @Test
    void outDashPrintsOnlyTheCsvToStdoutAndWritesNoFile() throws Exception {
        Path snapshot = run.resolve("weights/epoch-0001.csv");
        Cli.Result r = Cli.run("evaluate", "-q", config.toString(), "--weights", snapshot.toString(), "--out", "-");
        assertEquals(0, r.exit(), r::toString);
        Cli.Result file = Cli.run("evaluate", "-q", config.toString(), "--weights", snapshot.toString(),
                "--out", tmp.resolve("one.csv").toString());
        assertEquals(0, file.exit(), file::toString);
        assertEquals(Files.readString(tmp.resolve("one.csv")), r.out());
        assertTrue(r.out().startsWith("metric,true_class,predicted_class,value\n"), r::toString);
        assertFalse(Files.exists(Path.of("-")));
        assertFalse(Files.exists(run.resolve("evaluation-epoch-0001.csv")));
    }

    @Test
    void aSnapshotThatDoesNotFitTheNetworkIsRefusedWithLinesAndNothingIsWritten() throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("weights/epoch-0002.csv"));
        lines.set(1, lines.get(1).replace("conv,", "konv,"));
        lines.set(2, lines.get(2).replaceFirst(",weight,\\d+,", ",weight,9999,"));
        lines.removeIf(l -> l.startsWith("bn,running_var,3,"));
        Path bad = tmp.resolve("bad/epoch-0002.csv");
        Files.createDirectories(bad.getParent());
        Files.write(bad, lines);
        Cli.Result r = Cli.run("evaluate", config.toString(), "--weights", bad.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(bad + ":2:1: the network has no layer 'konv' (did you mean 'conv'?)"), r::toString);
        assertTrue(r.err().contains(bad + ":3:13: expected an index from 0 to 35 into weight of layer 'conv'"), r::toString);
        assertTrue(r.err().contains(bad + ": 1 of 4 values of running_var of layer 'bn' (shape 4) are missing, the first at"
                + " index 3"), r::toString);
        assertFalse(Files.exists(tmp.resolve("bad/evaluation-epoch-0002.csv")));
        assertEquals("", r.out());
    }

    @Test
    void aRenamedLayerIsOneProblemAndABinaryFileIsNamedAsSuch() throws Exception {
        // every row of a renamed layer was a problem of its own (20 shown, then "N more")
        List<String> lines = Files.readAllLines(run.resolve("weights/epoch-0002.csv"));
        lines.replaceAll(l -> l.startsWith("out,") ? "output," + l.substring(4) : l);
        lines.set(1, lines.get(1).replaceFirst(",[^,]*$", ",abc"));
        Path renamed = Files.write(tmp.resolve("renamed.csv"), lines);
        Cli.Result r = Cli.run("evaluate", config.toString(), "--weights", renamed.toString());
        assertEquals(2, r.exit(), r::toString);
        List<String> problems = r.err().lines().filter(l -> l.startsWith(renamed.toString())).toList();
        assertEquals(4, problems.size(), r::toString); // the value, the unknown layer, out's two parameters
        assertTrue(problems.get(0).endsWith(":2:15: expected a finite number, found \"abc\""), problems::toString);
        assertTrue(problems.get(1).contains("the network has no layer 'output'; its layers: conv, bn,"), problems::toString);
        assertTrue(problems.get(2).contains("all 360 values of weight of layer 'out'"), problems::toString);

        Path binary = Files.write(tmp.resolve("binary.csv"), new byte[] {'l', 'a', (byte) 0xff, (byte) 0xfe, 10});
        Cli.Result b = Cli.run("evaluate", config.toString(), "--weights", binary.toString());
        assertEquals(2, b.exit(), b::toString);
        assertTrue(b.err().startsWith("error: " + binary + ": the weights file is not UTF-8 text") || b.err().contains(
                binary + ": the weights file is not UTF-8 text; expected a snapshot"), b::toString);
    }

    @Test
    void aParameterLargerInTheSnapshotIsOneProblem() throws Exception {
        // a snapshot of a wider layer: every row past the end was a problem of its own (QA, second pass)
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(run.resolve("weights/epoch-0002.csv")));
        for (int i = 360; i < 400; i++) {
            lines.add("out,weight," + i + ",0.5");
        }
        Path wider = Files.write(tmp.resolve("wider.csv"), lines);
        Cli.Result r = Cli.run("evaluate", config.toString(), "--weights", wider.toString());
        assertEquals(2, r.exit(), r::toString);
        List<String> problems = r.err().lines().filter(l -> l.startsWith(wider.toString())).toList();
        assertEquals(List.of(wider + ":" + (lines.size() - 39) + ":12: expected an index from 0 to 359 into weight of"
                + " layer 'out' (shape 36x10), found \"360\"; was the snapshot written for another network? (further"
                + " such rows of it are not reported)"), problems);
        assertTrue(r.err().endsWith("1 problem found; nothing was run.\n"), r::toString);
    }

    @Test
    void aDeviceOrAnEndlessLineIsRefusedNotReadUntilMemoryRunsOut() throws Exception {
        // --weights /dev/zero ran out of memory reading one endless line: exit 70 (QA, second pass)
        if (Files.exists(Path.of("/dev/zero"))) {
            Cli.Result r = Cli.run("evaluate", config.toString(), "--weights", "/dev/zero");
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().startsWith("/dev/zero: the weights file is not a regular file; expected a snapshot"), r.err());
        }
        Path endless = Files.writeString(tmp.resolve("endless.csv"), "layer,param,index,value\n" + "x".repeat(70_000));
        Cli.Result r = Cli.run("evaluate", config.toString(), "--weights", endless.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith(endless + ":2:1: a line longer than 65536 characters; expected rows of"
                + " layer,param,index,value\n"), r.err());
    }

    @Test
    void withoutWeightsOrTestDataItSaysWhatIsMissing() throws Exception {
        Cli.Result r = Cli.run("evaluate", config.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("missing --weights"), r::toString);
        Path noTest = tmp.resolve("notest.yaml");
        Files.writeString(noTest, Files.readString(config).replace("  split: {test: 0.3, seed: 5}\n", ""));
        r = Cli.run("evaluate", noTest.toString(), "--weights", run.resolve("weights/epoch-0002.csv").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("the config has no test set"), r::toString);
    }

    @Test
    void defaultOutputGoesToTheRunFolder() {
        assertEquals(Path.of("runs/x/evaluation-epoch-0003.csv"), EvaluateCommand.defaultOut(Path.of("runs/x/weights/epoch-0003.csv")));
        assertEquals(Path.of("w/evaluation-final.csv"), EvaluateCommand.defaultOut(Path.of("w/final.csv")));
        assertEquals(Path.of("evaluation-final.csv"), EvaluateCommand.defaultOut(Path.of("final.csv")));
    }
}
