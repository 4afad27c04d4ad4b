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
 * The seed document, number for number: every value its walk-through prints (see the table
 * "What the document prints" in docs/seed-example.md) is read from the trace and loss.csv of a
 * real run of configs/doc-example.yaml and compared within 1e-4 (the document rounds to 4
 * decimals).
 */
class SeedDocumentTest {
    private static final double DOC = 1e-4;
    private static final String SAMPLE_O = "[{label: 0, input: [[1,1,1,1],[1,0,0,1],[1,0,0,1],[1,1,1,1]]}]";

    @TempDir
    static Path tmp;
    static Csv trace;
    static Csv loss;

    @BeforeAll
    static void runTheDocumentExample() {
        Cli.Result r = Cli.run("-q", "configs/doc-example.yaml", "--out", tmp.resolve("doc").toString());
        assertEquals(0, r.exit(), r::toString);
        trace = Csv.read(tmp.resolve("doc/trace.csv"));
        loss = Csv.read(tmp.resolve("doc/loss.csv"));
    }

    @Test
    void forwardPassMatchesTheDocument() {
        assertArrayEquals(new double[] {1, 1}, trace.trace(1, "pool", "output"), DOC, "x after pooling");
        assertArrayEquals(new double[] {0.7, -0.1}, trace.trace(1, "hidden", "output"), DOC, "h_in");
        assertArrayEquals(new double[] {0.7, 0}, trace.trace(1, "relu", "output"), DOC, "h_out");
        assertArrayEquals(new double[] {0.85, 0.31}, trace.trace(1, "output", "output"), DOC, "o_in");
        assertArrayEquals(new double[] {0.6318, 0.3682}, trace.trace(1, "softmax", "output"), DOC, "o_out");
    }

    @Test
    void lossMatchesTheDocument() {
        assertEquals(0.9184, trace.trace(1, "binary_cross_entropy", "loss")[0], DOC, "E_total in the trace");
        assertEquals(0.9184, Double.parseDouble(loss.rows().get(0).get("loss")), DOC, "E_total in loss.csv");
    }

    @Test
    void outputLayerGradientsMatchTheDocument() {
        assertArrayEquals(new double[] {-1.5828, 1.5828}, trace.trace(1, "softmax", "grad_output"), DOC, "dE/do_out");
        assertArrayEquals(new double[] {0.2326, 0.2326}, trace.trace(1, "softmax", "local_grad"), DOC, "do_out/do_in");
        assertArrayEquals(new double[] {-0.2577, 0.2577, 0, 0}, trace.trace(1, "output", "weight.grad"), DOC, "dWho");
        assertArrayEquals(new double[] {-0.3682, 0.3682}, trace.trace(1, "output", "bias.grad"), DOC, "dbo");
    }

    @Test
    void hiddenLayerGradientsMatchTheDocument() {
        assertArrayEquals(new double[] {-0.0737, 0.0737}, trace.trace(1, "relu", "grad_output"), DOC, "dE/dh_out");
        assertArrayEquals(new double[] {-0.0737, 0, -0.0737, 0}, trace.trace(1, "hidden", "weight.grad"), DOC, "dWxh");
        assertArrayEquals(new double[] {-0.0737, 0}, trace.trace(1, "hidden", "bias.grad"), DOC, "dbh");
        assertArrayEquals(new double[] {-0.0171, 0.0034}, trace.trace(1, "hidden", "grad_input"), DOC, "dx");
    }

    @Test
    void convolutionGradientsMatchTheDocument() {
        double[] dw = trace.trace(1, "conv", "weight.grad");
        // The document lists each filter's gradient in the order (1,1), (2,1), (1,2), (2,2);
        // the weight is stored row-major [out][in][kh][kw], so (i,j) is index (i-1)*2 + (j-1).
        int[] order = {0, 2, 1, 3};
        double[] dw1 = new double[4];
        double[] dw2 = new double[4];
        for (int k = 0; k < 4; k++) {
            dw1[k] = dw[order[k]];
            dw2[k] = dw[4 + order[k]];
        }
        assertArrayEquals(new double[] {-0.0171, -0.0171, -0.0171, 0}, dw1, DOC, "dW1");
        assertArrayEquals(new double[] {0.0034, 0.0034, 0.0034, 0}, dw2, DOC, "dW2");
        assertArrayEquals(new double[] {-0.0171, 0.0034}, trace.trace(1, "conv", "bias.grad"), DOC, "db_w1, db_w2");
    }

    @Test
    void updateIsLearningRateTimesGradient() {
        double[] before = trace.trace(1, "hidden", "weight.before");
        double[] grad = trace.trace(1, "hidden", "weight.grad");
        double[] after = trace.trace(1, "hidden", "weight.after");
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] - 0.1 * grad[i], after[i], 0.0, "W - 0.1 dW, element " + i);
        }
    }

    @Test
    void secondForwardPassMatchesTheDocument() {
        Path out = tmp.resolve("second");
        Cli.Result r = Cli.run("-q", "configs/doc-example.yaml", "--out", out.toString(), "--epochs", "2",
                "--trace", "2", "--set", "data.train=" + SAMPLE_O);
        assertEquals(0, r.exit(), r::toString);
        Csv second = Csv.read(out.resolve("trace.csv"));
        assertArrayEquals(new double[] {0.918358, 0.262182}, second.trace(2, "output", "output"), DOC, "o_in");
        assertArrayEquals(new double[] {0.6584, 0.3416}, second.trace(2, "softmax", "output"), DOC, "softmax");
        assertEquals(0.8359, second.trace(2, "binary_cross_entropy", "loss")[0], DOC, "E_total");
    }
}
