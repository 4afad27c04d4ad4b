package io.nnpipe.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small CNN with batch norm, max and average pooling, leaky ReLU and tanh, trained with SGD
 * (Nesterov momentum, weight decay) and a step schedule in mini-batches of shuffled, split,
 * normalised digits, agrees with PyTorch in float64: every step's loss and every final weight and
 * running statistic, within 1e-12 relative. The PyTorch numbers were written by
 * scripts/crosscheck_torch.py (measured difference ~1e-15).
 */
class CrosscheckReferenceTest {
    private static final Path DIR = Path.of("src/test/resources/reference/crosscheck");
    private static final double RTOL = 1e-12;

    @Test
    void trainingMatchesPyTorchStepByStep(@TempDir Path tmp) {
        Cli.Result r = Cli.run("-q", DIR.resolve("digits-bn.yaml").toString(), "--out", tmp.toString());
        assertEquals(0, r.exit(), r::toString);
        List<Map<String, String>> ours = Csv.read(tmp.resolve("loss.csv")).rows();
        List<Map<String, String>> torch = Csv.read(DIR.resolve("torch-loss.csv")).rows();
        assertEquals(torch.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            close(Double.parseDouble(torch.get(i).get("loss")), Double.parseDouble(ours.get(i).get("loss")), "loss of step " + (i + 1));
        }
        List<Map<String, String>> weights = Csv.read(tmp.resolve("weights/epoch-0003.csv")).rows();
        List<Map<String, String>> expected = Csv.read(DIR.resolve("torch-weights.csv")).rows();
        assertEquals(expected.size(), weights.size());
        for (int i = 0; i < weights.size(); i++) {
            Map<String, String> e = expected.get(i);
            Map<String, String> w = weights.get(i);
            String what = e.get("layer") + " " + e.get("param") + "[" + e.get("index") + "]";
            assertEquals(what, w.get("layer") + " " + w.get("param") + "[" + w.get("index") + "]");
            close(Double.parseDouble(e.get("value")), Double.parseDouble(w.get("value")), what);
        }
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, RTOL * Math.max(1, Math.abs(expected)), what);
    }
}
