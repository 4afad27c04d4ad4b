package io.nnpipe.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * configs/doc-example-exact.yaml gives the exact first-step gradients worked out in
 * docs/seed-example.md (within 1e-6), and its second forward pass on sample 1.
 */
class ExactGradientTest {
    private static final double EXACT = 1e-6;

    @TempDir
    static Path tmp;
    static Csv trace;

    @BeforeAll
    static void runTheExactExample() {
        Cli.Result r = Cli.run("-q", "configs/doc-example-exact.yaml", "--out", tmp.resolve("exact").toString(),
                "--trace", "1");
        assertEquals(0, r.exit(), r::toString);
        trace = Csv.read(tmp.resolve("exact/trace.csv"));
    }

    @Test
    void outputGradientIsTwiceTheDocuments() {
        assertArrayEquals(new double[] {-0.736375, 0.736375}, trace.trace(1, "softmax", "grad_input"), EXACT, "dE/do_in");
        assertArrayEquals(new double[] {-0.515463, 0.515463, 0, 0}, trace.trace(1, "output", "weight.grad"), EXACT, "dWho");
        assertArrayEquals(new double[] {-0.736375, 0.736375}, trace.trace(1, "output", "bias.grad"), EXACT, "dbo");
    }

    @Test
    void hiddenAndFeatureGradientsAreExact() {
        assertArrayEquals(new double[] {-0.147275, 0.147275}, trace.trace(1, "relu", "grad_output"), EXACT, "dE/dh_out");
        assertArrayEquals(new double[] {-0.147275, 0, -0.147275, 0}, trace.trace(1, "hidden", "weight.grad"), EXACT, "dWxh");
        assertArrayEquals(new double[] {-0.147275, 0}, trace.trace(1, "hidden", "bias.grad"), EXACT, "dbh");
        assertArrayEquals(new double[] {-0.073638, 0.014728}, trace.trace(1, "hidden", "grad_input"), EXACT, "dx");
    }

    @Test
    void convolutionGradientsAreExact() {
        double[] dw = trace.trace(1, "conv", "weight.grad");
        assertArrayEquals(new double[] {-0.073638, -0.073638, -0.073638, 0}, new double[] {dw[0], dw[2], dw[1], dw[3]},
                EXACT, "dW1 in order (1,1),(2,1),(1,2),(2,2)");
        assertArrayEquals(new double[] {0.014728, 0.014728, 0.014728, 0}, new double[] {dw[4], dw[6], dw[5], dw[7]},
                EXACT, "dW2");
        assertArrayEquals(new double[] {-0.073638, 0.014728}, trace.trace(1, "conv", "bias.grad"), EXACT, "db");
    }

    @Test
    void secondForwardPassOnSampleOneFallsFurther() {
        Path out = tmp.resolve("second");
        Cli.Result r = Cli.run("-q", "configs/doc-example-exact.yaml", "--out", out.toString(), "--epochs", "2",
                "--trace", "2", "--set",
                "data.train=[{label: 0, input: [[1,1,1,1],[1,0,0,1],[1,0,0,1],[1,1,1,1]]}]");
        assertEquals(0, r.exit(), r::toString);
        Csv second = Csv.read(out.resolve("trace.csv"));
        assertArrayEquals(new double[] {0.992659, 0.215118}, second.trace(2, "output", "output"), EXACT, "o_in");
        assertArrayEquals(new double[] {0.6851, 0.3149}, second.trace(2, "softmax", "output"), 1e-4, "softmax");
        assertEquals(0.7562, second.trace(2, "binary_cross_entropy", "loss")[0], 1e-4, "E");
    }
}
