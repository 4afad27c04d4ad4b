package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Likely mistakes that are legal: a warning with file:line:col and YAML path on stderr from
 * {@code validate} (exit 0, with {@code -q} too) and at the start of {@code train}; none on a
 * correct config.
 */
class ConfigWarningsTest {
    @TempDir
    Path tmp;

    private static final String BIAS_BEFORE_NORM = """
            epochs: 1
            batch_size: 2
            data: {input_shape: [1, 3, 3], train: [{input: [1, 2, 3, 4, 5, 6, 7, 8, 9], label: 0},
                                                 {input: [9, 8, 7, 6, 5, 4, 3, 2, 1], label: 1}]}
            layers:
              - {type: conv2d, name: conv, out_channels: 2, kernel: 2}
              - {type: batch_norm}
              - {type: flatten}
              - type: dense
                units: 2
                bias: [0.1, 0.2]
              - {type: batch_norm, name: head_bn}
            loss: softmax_cross_entropy
            optimizer: {type: sgd, learning_rate: 0.1}
            """;

    @Test
    void aBiasDirectlyBeforeBatchNormIsAWarningAtTheLayerOrItsBiasKey() {
        Path config = Configs.write(tmp, "bias.yaml", BIAS_BEFORE_NORM);
        for (String quiet : new String[] {"-v", "-q"}) {
            Cli.Result r = run("validate", quiet, config.toString());
            assertEquals(Exit.OK, r.exit(), r.toString());
            assertTrue(r.out().startsWith("#  name"), r.out());
            assertEquals(config + ":6:5: layers[0]: warning: layer 'conv' (conv2d, line 6) adds a bias directly before"
                    + " layer 'batch_norm_1' (batch_norm, line 7), which subtracts every channel's mean: the bias cancels"
                    + " out, its gradient is only rounding noise (which Adam or weight decay turns into drift); write"
                    + " 'bias: false' (PyTorch: bias=False)\n"
                    + config + ":11:11: layers[3].bias: warning: layer 'dense_1' (dense, line 9) adds a bias directly"
                    + " before layer 'head_bn' (batch_norm, line 12), which subtracts every feature's mean: the bias"
                    + " cancels out, its gradient is only rounding noise (which Adam or weight decay turns into drift);"
                    + " write 'bias: false' (PyTorch: bias=False)\n", r.err());
        }
    }

    @Test
    void trainWarnsAtItsStartAndTrains() {
        Path config = Configs.write(tmp, "bias.yaml", BIAS_BEFORE_NORM);
        Cli.Result r = run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertEquals(2, r.err().lines().filter(l -> l.contains(": warning: ")).count(), r.err());
        assertTrue(r.err().startsWith(config + ":6:5: layers[0]: warning: "), r.err());
    }

    private static final String DECAY = """
            epochs: 1
            data: {input_shape: [1], train: [{input: [1], target: [0]}]}
            layers:
              - {type: dense, units: 1}
            loss: mse
            optimizer:
              type: sgd
              learning_rate: 0.1
              momentum: 0.5
              weight_decay: 40
            """;

    @Test
    void aWeightDecayThatAloneDivergesAtTheLearningRateIsAWarningAtItsKey() {
        Path config = Configs.write(tmp, "decay.yaml", DECAY);
        Cli.Result r = run("validate", "-q", config.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertEquals(config + ":10:17: optimizer.weight_decay: warning: learning_rate × weight_decay = 0.1 × 40 = 4 is"
                + " above 3 = 2·(1 + momentum) for momentum 0.5, where sgd's weight decay alone makes the weights grow"
                + " every step whatever the gradients: make that product smaller (a smaller learning_rate or"
                + " weight_decay); the run will diverge\n", r.err());
        Path adamw = Configs.write(tmp, "adamw.yaml", DECAY.replace("sgd", "adamw").replace("  momentum: 0.5\n", "")
                .replace("  weight_decay: 40\n", "").replace("0.1", "250"));
        r = run("validate", adamw.toString());
        assertEquals(adamw + ":8:18: optimizer.learning_rate: warning: learning_rate × weight_decay = 250 × 0.01 = 2.5 is"
                + " above 2, where adamw's weight decay alone makes the weights grow every step whatever the gradients:"
                + " make that product smaller (a smaller learning_rate or weight_decay); the run will diverge\n", r.err());
        r = run("validate", Configs.write(tmp, "stable.yaml", DECAY.replace("40", "30")).toString());
        assertEquals("", r.err()); // 0.1 × 30 = 3: on the bound, not past it
    }

    @Test
    void noWarningWithoutTheBiasOrWithALayerBetween() {
        Path config = Configs.write(tmp, "fine.yaml", BIAS_BEFORE_NORM
                .replace("kernel: 2}", "kernel: 2, bias: false}")
                .replace("    bias: [0.1, 0.2]\n", "  - {type: relu}\n"));
        Cli.Result r = run("validate", config.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits-cnn.yaml", "doc-example.yaml", "doc-example-exact.yaml", "mnist-mlp.yaml",
            "mnist-lenet.yaml"})
    void theExampleConfigsHaveNoWarning(String name) throws IOException {
        Cli.Result r = run("validate", withInlineData(name).toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertEquals("", r.err());
    }

    /**
     * Runs a command line; its {@code err} is what the command printed and, before it, what it logged:
     * the log writes to the System.err of the moment, not to the command's err.
     */
    private static Cli.Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Cli.Result r;
        try (PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            r = Cli.run(args);
        } finally {
            System.setErr(saved);
        }
        return new Cli.Result(r.exit(), r.out(), log.toString(StandardCharsets.UTF_8) + r.err());
    }

    /**
     * A copy of {@code configs/NAME} whose data files (MNIST is not in the repository) are two inline
     * samples of the same shape; the layers keep their lines.
     */
    private Path withInlineData(String name) throws IOException {
        String text = Files.readString(Path.of("configs", name));
        if (!text.contains("mnist")) {
            return Path.of("configs", name);
        }
        String zeros = String.join(", ", Collections.nCopies(784, "0"));
        String shape = text.contains("[1, 28, 28]") ? "[1, 28, 28]" : "[784]";
        String data = "data: {input_shape: " + shape + ", train: [{input: [" + zeros + "], label: 0}, {input: ["
                + zeros + "], label: 1}]}";
        // the data mapping becomes one line, padded with blank lines so the layers keep their line numbers
        int start = text.indexOf("\ndata:\n") + 1;
        int end = text.indexOf("\nlayers:", start) + 1;
        long lines = text.substring(start, end).lines().count();
        return Configs.write(tmp, name, text.substring(0, start) + data + "\n".repeat((int) lines)
                + text.substring(end));
    }
}
