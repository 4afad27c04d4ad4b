package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline gradcheck}: a config's backward pass against finite differences, from the command line. */
class GradcheckCommandTest {

    /** Four samples for a 3-input, 2-class network; values chosen off any kink. */
    private static final String DATA = """
            seed: 3
            epochs: 1
            batch_size: 4
            data:
              input_shape: [3]
              classes: 2
              train:
                - {label: 0, input: [0.3, -0.7, 0.2]}
                - {label: 1, input: [-0.4, 0.9, 0.1]}
                - {label: 1, input: [0.8, 0.25, -0.6]}
                - {label: 0, input: [-0.15, -0.35, 0.55]}
            loss: softmax_cross_entropy
            optimizer: {type: sgd, learning_rate: 0.1}
            """;

    @Test
    void docExampleExactPassesWithErrorsBelow1e8(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("c.yaml");
        Files.copy(Path.of("configs/doc-example-exact.yaml"), config);
        Cli.Result r = Cli.run("gradcheck", config.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        // measured: largest error 1.5e-9 (conv weight and bias, hidden input), 9.1e-11 .. 1.5e-9 elsewhere;
        // 12 elements skipped at max-pool ties of the integer conv outputs
        List<String[]> rows = rows(r.out());
        assertEquals(14, rows.size(), r.out()); // 7 layers with 6 parameters, their 7 inputs, the loss
        for (String[] row : rows) {
            assertTrue(row[5].equals("0") || Double.parseDouble(row[5]) < 1e-8, String.join(" ", row));
            assertEquals("ok", row[6], String.join(" ", row));
        }
        assertTrue(r.out().contains("\nall 14 tensors passed"), r.out());
        assertEquals(List.of(config), Files.list(tmp).toList()); // writes nothing
    }

    @Test
    void aLayerWhoseParameterGradientIsOffByAFactorFailsAndIsNamed(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("wrong.yaml");
        Files.writeString(config, DATA + """
                layers:
                  - {type: dense, name: first, units: 4}
                  - {type: relu}
                  - {type: wrong_gain, name: gain}
                  - {type: dense, name: last, units: 2}
                """);
        Cli.Result r = Cli.run("gradcheck", config.toString());
        assertEquals(Exit.DIFFERENT, r.exit(), r.toString());
        assertTrue(r.out().matches("(?s).*\ngain +gain +1 +1 +0 +\\S+ +FAIL\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\ngain +input +16 +16 +0 +\\S+ +ok\n.*"), r.out()); // its input gradient is right
        assertTrue(r.out().contains("1 of 10 tensors FAILED"), r.out());
        assertTrue(r.out().contains("first failure: gain d/dgain[0]: backward gives "), r.out());
        assertTrue(r.out().endsWith("look first at 'gain': counting back from the loss, its gain gradient is the first"
                + " wrong one; the rows above it receive its error\n"), r.out());
        for (String[] row : rows(r.out())) {
            if (!(row[0].equals("gain") && row[1].equals("gain"))) {
                assertEquals("ok", row[6], String.join(" ", row)); // its input gradient is right, so all else is
            }
        }
    }

    @Test
    void batchNormAndDropoutPassWithTheMaskOfStepOneHeldFixed(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("bn.yaml");
        Files.writeString(config, DATA + """
                layers:
                  - {type: dense, name: first, units: 6}
                  - {type: batch_norm, name: bn}
                  - {type: tanh}
                  - {type: dropout, rate: 0.3}
                  - {type: dense, name: last, units: 2}
                """);
        Cli.Result r = Cli.run("gradcheck", config.toString(), "--samples", "3");
        // measured: largest error 2.2e-8 (first bias), 1e-8 at the batch norm's input; no kink (tanh)
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertTrue(r.out().startsWith("gradient check on 3 training samples"), r.out());
        assertTrue(r.out().matches("(?s).*\nbn +gamma +6 +6 +0 .*\nbn +beta +6 +6 +0 .*\nbn +input +18 +18 +0 .*"), r.out());
    }

    @Test
    void theTableIsTheSameForEveryThreadCountAndLargeTensorsAreSampled(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("cnn.yaml");
        Files.writeString(config, DATA.replace("input_shape: [3]", "input_shape: [1, 3, 1]") + """
                layers:
                  - {type: conv2d, name: conv, out_channels: 40, kernel: 1}
                  - {type: tanh}
                  - {type: flatten}
                  - {type: dense, name: last, units: 2}
                """);
        Cli.Result one = Cli.run("gradcheck", config.toString(), "--threads", "1", "--max-elements", "100");
        Cli.Result two = Cli.run("gradcheck", config.toString(), "--threads", "2", "--max-elements", "100");
        assertEquals(Exit.OK, one.exit(), one.toString());
        assertEquals(one.out(), two.out());
        assertTrue(one.out().contains(", at most 100 evenly spread elements per tensor\n"), one.out());
        assertTrue(one.out().matches("(?s).*\nlast +weight +240 +100 +0 .*"), one.out());
        assertTrue(one.out().matches("(?s).*\nconv +weight +40 +40 +0 .*"), one.out());
    }

    @Test
    void seedDocumentRulesShowAsWrongGradients() {
        // configs/doc-example.yaml reproduces the document's shortcuts, which are not the gradient
        Cli.Result r = Cli.run("gradcheck", "configs/doc-example.yaml");
        assertEquals(Exit.DIFFERENT, r.exit(), r.toString());
        assertTrue(r.out().matches("(?s).*\nsoftmax +input +2 +2 +0 +\\S+ +FAIL\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nbinary_cross_entropy +input +2 +2 +0 +\\S+ +ok\n.*"), r.out());
    }

    @Test
    void configErrorsExitTwoWithTheirPlaceAndPrintNoTable(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, DATA + "layers:\n  - {type: dense, unts: 2}\n");
        Cli.Result r = Cli.run("gradcheck", config.toString());
        assertEquals(Exit.BAD_INPUT, r.exit(), r.toString());
        assertTrue(r.err().contains(config + ":15:19: layers[0].unts: unknown key"), r.err());
        assertEquals("", r.out());
        assertEquals(List.of(config), Files.list(tmp).toList());
    }

    @Test
    void badSamplesOrToleranceIsAUsageError() {
        for (String[] args : List.of(new String[] {"--samples", "0"}, new String[] {"--samples", "3"},
                new String[] {"--tolerance", "-1"}, new String[] {"--tolerance", "x"},
                new String[] {"--max-elements", "none"})) {
            List<String> line = new ArrayList<>(List.of("gradcheck", "configs/doc-example-exact.yaml"));
            line.addAll(List.of(args));
            Cli.Result r = Cli.run(line.toArray(new String[0]));
            assertEquals(Exit.BAD_INPUT, r.exit(), r.toString());
            assertTrue(r.err().startsWith("error: --" + args[0].substring(2)), r.err());
        }
    }

    /** The table's rows (between the rule and the verdict), split into their seven cells. */
    private static List<String[]> rows(String out) {
        List<String[]> rows = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("---")) {
                in = true;
            } else if (in && (line.startsWith("all ") || line.matches("\\d+ of .*"))) {
                break;
            } else if (in) {
                rows.add(line.trim().split(" +"));
            }
        }
        return rows;
    }
}
