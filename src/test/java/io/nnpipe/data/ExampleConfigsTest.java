package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example configs on real data keep the earlier promises: they validate (or, without MNIST,
 * say which command fetches it), a shortened run gives the same bytes twice, and a chosen step
 * is traced through dropout and batch norm.
 */
class ExampleConfigsTest {

    @ParameterizedTest
    @ValueSource(strings = {"configs/digits-cnn.yaml", "configs/mnist-lenet.yaml", "configs/mnist-mlp.yaml"})
    void exampleConfigValidatesOrNamesTheFetchCommand(String config) {
        Cli.Result r = Cli.run("validate", config);
        if (r.exit() == 2) {
            assertTrue(r.err().contains("no such file: data/mnist/") && r.err().contains("fetch the data with:"
                    + " scripts/fetch-mnist.sh"), r::toString);
        } else {
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("total parameters"), r::toString);
        }
    }

    @Test
    void aShortenedDigitsRunGivesTheSameBytesTwice(@TempDir Path tmp) throws Exception {
        String[] args = {"-q", "configs/digits-cnn.yaml", "--epochs", "2", "--set", "data.train.limit=400"};
        for (String run : List.of("a", "b")) {
            String[] withOut = java.util.Arrays.copyOf(args, args.length + 2);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = tmp.resolve(run).toString();
            Cli.Result r = Cli.run(withOut);
            assertEquals(0, r.exit(), r::toString);
        }
        for (String f : List.of("loss.csv", "epochs.csv", "weights/epoch-0000.csv", "weights/epoch-0002.csv")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
        assertEquals(2, Csv.read(tmp.resolve("a/epochs.csv")).rows().size());
    }

    @Test
    void aChosenStepIsTracedThroughDropoutAndBatchNorm(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, """
                seed: 2
                epochs: 1
                batch_size: 8
                shuffle: true
                data:
                  input_shape: [1, 8, 8]
                  train: {csv: %s, limit: 40}
                  scale: 16
                layers:
                  - {type: conv2d, name: conv, out_channels: 2, kernel: 3}
                  - {type: batch_norm, name: bn}
                  - {type: relu}
                  - {type: flatten}
                  - {type: dropout, name: drop, rate: 0.5}
                  - {type: dense, name: out, units: 10}
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                output: {trace: [3]}
                """.formatted(Path.of("data/digits.csv.gz").toAbsolutePath()));
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exit(), r::toString);
        Csv trace = Csv.read(tmp.resolve("run/trace.csv"));
        double[] mask = trace.trace(3, "drop", "local_grad");
        assertEquals(8 * 72, mask.length);
        assertTrue(java.util.Arrays.stream(mask).allMatch(v -> v == 0 || v == 2), "dropout factors are 0 or 1/(1-rate)");
        double[] in = trace.trace(3, "drop", "grad_output");
        double[] out = trace.trace(3, "drop", "grad_input");
        for (int i = 0; i < mask.length; i++) {
            assertEquals(in[i] * mask[i], out[i], 0, "the trace's local gradient is the one backward used");
        }
        assertEquals(2, trace.trace(3, "bn", "gamma.grad").length);
        assertEquals(8 * 72, trace.trace(3, "bn", "output").length);
    }
}
