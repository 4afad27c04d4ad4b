package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate}: the stage table on stdout and exit 0, or every problem on stderr and exit 2; no files. */
class ValidateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheStageTableAndTotalAndExitsZero() {
        Path config = Configs.write(tmp, "small.yaml", Configs.SMALL_CNN);
        Cli.Result r = Cli.run("validate", config.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertEquals("""
                #  name          type        input  output  params  settings
                -  ------------  ----------  -----  ------  ------  -----------------------------------
                   (input)                          1x4x4
                1  conv2d_1      conv2d      1x4x4  2x2x2       10  kernel 2x2, stride 2x2, padding 0x0
                2  max_pool2d_1  max_pool2d  2x2x2  2x1x1        0  kernel 2x2, stride 2x2
                3  flatten_1     flatten     2x1x1  2            0
                4  dense_1       dense       2      2            6  2 -> 2
                total parameters: 16 in 4 layers
                data: 2 training samples; each input 1x4x4, output 2
                training: loss softmax_cross_entropy, optimizer sgd, learning rate 0.1; 2 epochs of 2 steps (batch size 1)
                memory: about 1.1 KiB (parameters with gradients and optimizer state 512 bytes; activations and working\
                 memory for a batch of 1: 608 bytes)
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void theTableFollowsOverridesAndNamesGivenLayers() {
        Path config = Configs.write(tmp, "small.yaml", Configs.SMALL_CNN.replace("  - type: flatten\n",
                "  - type: flatten\n    name: features\n"));
        Cli.Result r = Cli.run("validate", config.toString(), "--set", "layers[3].units=3", "--set", "batch_size=2");
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("\n3  features      flatten     2x1x1  2            0\n"), r.out());
        assertTrue(r.out().contains("\n4  dense_1       dense       2      3            9  2 -> 3\n"), r.out());
        assertTrue(r.out().contains("total parameters: 19 in 4 layers\n"), r.out());
        assertTrue(r.out().contains("2 epochs of 1 step (batch size 2)"), r.out());
    }

    @Test
    void settingsAreWrittenAsTheShortestDecimalLikeEveryOtherNumber() {
        // Double.toString gave "epsilon 1.0E-5", and its digits differ between Java 17 and 19+
        Path config = Configs.write(tmp, "settings.yaml", Configs.SMALL_CNN.replace("  - type: flatten\n",
                "  - type: flatten\n  - {type: batch_norm, epsilon: 1.0e-5, momentum: 0.25}\n"
                        + "  - {type: leaky_relu, negative_slope: 1.0e-4}\n  - {type: dropout, rate: 0.1}\n")
                .replace("learning_rate: 0.1", "learning_rate: 1.0e-8").replace("epochs: 2", "epochs: 2\nbatch_size: 2"));
        Cli.Result r = Cli.run("validate", config.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("per feature, momentum 0.25, epsilon 0.00001\n"), r.out());
        assertTrue(r.out().contains("  negative slope 0.0001\n"), r.out());
        assertTrue(r.out().contains("  rate 0.1\n"), r.out());
        assertTrue(r.out().contains("learning rate 1e-8;"), r.out());
    }

    @Test
    void reportsEveryProblemOnStderrWithNothingOnStdout() {
        Path config = Configs.write(tmp, "bad.yaml", Configs.SMALL_CNN.replace("epochs: 2", "epochs: 0")
                .replace("kernel: 2\n    stride", "kernal: 2\n    stride"));
        Cli.Result r = Cli.run("validate", config.toString());
        assertEquals(Exit.BAD_INPUT, r.exit());
        assertEquals("", r.out());
        assertEquals(config + ":1:9: epochs: expected an integer from 1 to 100000000, found 0\n"
                + config + ":12:5: layers[0].kernal: unknown key 'kernal' (did you mean 'kernel'? 'kernel' is required here)\n"
                + "2 problems found; nothing was run.\n", r.err());
    }

    @Test
    void writesNothingToDisk() throws IOException {
        Path config = Configs.write(tmp, "small.yaml", Configs.SMALL_CNN);
        Cli.Result r = Cli.run("validate", config.toString());
        assertEquals(Exit.OK, r.exit());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "validate created files next to the config");
        }
        assertTrue(!Files.exists(Path.of("runs", "small")), "validate created a run folder");
    }

    @Test
    void showsAStackTraceOnlyWithDebug() {
        Path config = Configs.write(tmp, "bad.yaml", "epochs: [");
        Cli.Result plain = Cli.run("validate", config.toString());
        assertEquals(Exit.BAD_INPUT, plain.exit());
        assertTrue(!plain.err().contains("\tat "), plain.err());
        Cli.Result debug = Cli.run("validate", "--debug", config.toString());
        assertEquals(Exit.BAD_INPUT, debug.exit());
        assertTrue(debug.err().contains("\tat io.nnpipe."), debug.err());
    }

    @Test
    void aMisspeltCommandIsNamedWithTheClosestOne() {
        // "valdate c.yaml" said "expected one config file, found 2" (QA, second pass)
        String commands = "; the commands are train, validate, evaluate, predict, verify, plot, report, gradcheck\n";
        Cli.Result r = Cli.run("valdate", "configs/doc-example.yaml");
        assertEquals(2, r.exit());
        assertEquals("error: unknown command 'valdate' (did you mean 'validate'?)" + commands + "Run with --help for usage.\n",
                r.err());
        Cli.Result e = Cli.run("evalute", "configs/doc-example.yaml", "--weights", "w.csv");
        assertTrue(e.err().startsWith("error: unknown command 'evalute' (did you mean 'evaluate'?)" + commands), e.err());
        Cli.Result file = Cli.run("validat.yaml");
        assertTrue(file.err().startsWith("validat.yaml: no such file"), "a config file name is not taken for a command");
    }
}
