package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.output.RunHistory;
import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test loss that is not finite is written as what it is: training goes on (the fault checks are
 * about training), and epochs.csv says NaN, never an empty cell, which means "no test set" (QA's
 * eighth pass found a NaN test loss written as an empty cell, without a word).
 */
class NonFiniteTestLossTest {
    @TempDir
    Path tmp;

    @Test
    void aNaNTestLossIsNamedByThePlotAndTheReportNotReadAsNoTestSet() throws Exception {
        // The charts read epochs.csv, where "NaN" and an empty cell both parse to NaN: the report
        // and plot said nothing of a NaN test loss, only of infinite ones (QA, eighth pass).
        Path run = nanTestRun();
        String note = "the test loss is not a number (NaN) after epochs 1, 2 (2 of 2 epochs) and is left out of the"
                + " chart; epochs.csv has the values";
        assertEquals(List.of(note), RunHistory.read(run).undrawnEpochLosses());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<p class=\"note\">Note: " + note + ".</p>"), html);
        assertTrue(html.contains("<tr><th>test loss (after the last epoch)</th><td class=\"n\"><span title=\"NaN\">NaN"
                + "</span></td></tr>"), html);
        Cli.Result r = Cli.run("report", "-q", tmp.resolve("nan-test.yaml").toString(), "--out", run.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.readString(run.resolve("report.html")).contains(note));
        // a run without a test set: empty cells, no note
        Files.writeString(run.resolve("epochs.csv"), "epoch,train_loss,train_accuracy,test_loss,test_accuracy\n"
                + "1,0.5,1,,\n");
        assertEquals(List.of(), RunHistory.read(run).undrawnEpochLosses());
    }

    @Test
    void aNaNTestLossIsWrittenAsNaNNotAsAMissingTestSet() throws Exception {
        Path run = nanTestRun();
        List<String> rows = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals("epoch,train_loss,train_accuracy,test_loss,test_accuracy", rows.get(0));
        for (int e = 1; e <= 2; e++) {
            String[] f = rows.get(e).split(",", -1);
            assertEquals("NaN", f[3], rows.get(e));
            assertEquals("0.3333333333333333", f[4], "NaN outputs predict class 0 (PyTorch's argmax too): 1 of 3");
        }
    }

    /** A run whose test loss is NaN after every epoch (its config beside it as nan-test.yaml). */
    private Path nanTestRun() {
        // Batch norm with momentum 1 and epsilon 0 after a constant feature (weights 0, bias 3): its
        // running variance becomes 0, so at inference (x - 3) / sqrt(0) is NaN for every test sample
        // (PyTorch 1.13 float64 gives NaN there too; in training its 1/sqrt(0) is 0, as ours).
        Path config = Configs.write(tmp, "nan-test.yaml", """
                epochs: 2
                batch_size: 4
                data:
                  input_shape: [2]
                  classes: 2
                  train: [{input: [1, 2], label: 0}, {input: [2, 1], label: 1}, {input: [0, 3], label: 0},
                          {input: [3, 0], label: 1}]
                  test: [{input: [1, 2], label: 0}, {input: [2, 1], label: 1}, {input: [5, 5], label: 1}]
                layers:
                  - {type: dense, units: 2, weight: [[1, 0], [0, 0]], bias: [0, 3]}
                  - {type: batch_norm, epsilon: 0, momentum: 1}
                  - {type: dense, units: 2, weight: [[1, 0], [0, 1]], bias: [0, 0]}
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", run.toString());
        assertEquals(0, r.exit(), r::toString);
        return run;
    }
}
