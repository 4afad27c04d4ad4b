package io.nnpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traced step shows how it moved batch norm's running statistics (which its forward pass
 * changes, not the update): before and after, in the update phase, beside the parameters.
 */
class TracedBuffersTest {

    @Test
    void aTracedStepRecordsTheRunningStatisticsBeforeAndAfterIt(@TempDir Path tmp) throws Exception {
        // batch of two: x = [1, 2] and [3, 6]; batch means [2, 4], unbiased variances [2, 8]
        Path config = Files.writeString(tmp.resolve("bn.yaml"), """
                epochs: 2
                batch_size: 2
                data:
                  input_shape: [2]
                  train:
                    - {input: [1, 2], label: 0}
                    - {input: [3, 6], label: 1}
                layers:
                  - {type: batch_norm, name: bn, momentum: 0.5}
                  - {type: dense, name: out, units: 2}
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", "--no-report", config.toString(), "--out", out.toString(), "--trace", "1,2");
        assertEquals(0, r.exit(), r::toString);
        Csv trace = Csv.read(out.resolve("trace.csv"));
        // step 1 starts from zeros and ones; running = 0.5·running + 0.5·batch (all exact here)
        assertArrayEquals(new double[] {0, 0}, trace.trace(1, "bn", "running_mean.before"));
        assertArrayEquals(new double[] {1, 1}, trace.trace(1, "bn", "running_var.before"));
        assertArrayEquals(new double[] {1, 2}, trace.trace(1, "bn", "running_mean.after"));
        assertArrayEquals(new double[] {1.5, 4.5}, trace.trace(1, "bn", "running_var.after"));
        // step 2 (the same batch, not shuffled) starts where step 1 ended and moves halfway again
        assertArrayEquals(new double[] {1, 2}, trace.trace(2, "bn", "running_mean.before"));
        assertArrayEquals(new double[] {1.5, 3}, trace.trace(2, "bn", "running_mean.after"));
        assertArrayEquals(new double[] {1.75, 6.25}, trace.trace(2, "bn", "running_var.after"));
        // and they follow the parameters of their layer in the update phase
        java.util.List<String> bnUpdate = trace.rows().stream()
                .filter(row -> row.get("step").equals("1") && row.get("phase").equals("update") && row.get("layer").equals("bn"))
                .map(row -> row.get("tensor")).distinct().toList();
        assertEquals(java.util.List.of("gamma.before", "gamma.after", "beta.before", "beta.after", "running_mean.before",
                "running_mean.after", "running_var.before", "running_var.after"), bnUpdate);
    }
}
