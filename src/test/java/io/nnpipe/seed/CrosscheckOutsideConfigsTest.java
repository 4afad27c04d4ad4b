package io.nnpipe.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configs written by QA outside the examples — dropout masks, multi-label and soft targets, mse
 * regression, max-pool ties and all-negative padded windows, avg pool with padding, batch norm
 * without gamma/beta, int16 and gzip IDX, CSV, split, limit, both normalisations — agree with an
 * independent float64 PyTorch implementation (scripts/torch_reference.py, written from the README
 * and docs/config.md, not from nnpipe's code): every step's loss, learning rate and first sample,
 * every epoch's train and test loss, and every final weight and running statistic, within 1e-12
 * relative to max(1, |value|). Measured difference when the references were written: at most
 * 2.6e-15. QA's second pass added a Nesterov + weight decay + per-epoch step schedule network
 * with batch norm and pad-counting avg pool, and a three-channel, two-conv Adam network.
 * QA's third pass added three networks on the kernels' faster paths: a 10-output head at batch 64
 * (the narrow matrix product) after flatten, 33 conv channels (the weight gradient's windows path)
 * with a fused ReLU + max pool and a 3x3 stride-2 pool, and a 5x5 stride-2 conv with avg pool over
 * six planes and a direct-path conv (at most 1.2e-15 from PyTorch when written). Binary
 * classification as PyTorch's BCELoss on one sigmoid output, with CSV labels 0 and 1 as that
 * output's target (3.9e-16 when written); regression from a gzip CSV of target columns with a
 * limit, a split and normalize: train (7.4e-16 when written).
 */
class CrosscheckOutsideConfigsTest {
    private static final Path DIR = Path.of("src/test/resources/reference/outside");
    private static final double RTOL = 1e-12;

    static Stream<String> configs() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void trainingMatchesPyTorch(String name, @TempDir Path tmp) throws IOException {
        Cli.Result r = Cli.run("-q", "--no-report", DIR.resolve(name + ".yaml").toString(), "--out", tmp.toString());
        assertEquals(0, r.exit(), r::toString);

        List<Map<String, String>> steps = Csv.read(tmp.resolve("loss.csv")).rows();
        List<Map<String, String>> torchSteps = Csv.read(DIR.resolve(name + ".torch-loss.csv")).rows();
        assertEquals(torchSteps.size(), steps.size(), "steps");
        for (int i = 0; i < steps.size(); i++) {
            for (String key : List.of("epoch", "step", "sample", "batch_size")) {
                assertEquals(torchSteps.get(i).get(key), steps.get(i).get(key), key + " of step " + (i + 1));
            }
            close(torchSteps.get(i), steps.get(i), "loss", "step " + (i + 1));
            close(torchSteps.get(i), steps.get(i), "learning_rate", "step " + (i + 1));
        }

        List<Map<String, String>> epochs = Csv.read(tmp.resolve("epochs.csv")).rows();
        List<Map<String, String>> torchEpochs = Csv.read(DIR.resolve(name + ".torch-epochs.csv")).rows();
        assertEquals(torchEpochs.size(), epochs.size(), "epochs");
        for (int e = 0; e < epochs.size(); e++) {
            close(torchEpochs.get(e), epochs.get(e), "train_loss", "epoch " + (e + 1));
            close(torchEpochs.get(e), epochs.get(e), "test_loss", "epoch " + (e + 1));
        }

        String last = String.format(java.util.Locale.ROOT, "weights/epoch-%04d.csv", epochs.size());
        Map<String, String> weights = values(Csv.read(tmp.resolve(last)).rows());
        Map<String, String> torchWeights = values(Csv.read(DIR.resolve(name + ".torch-weights.csv")).rows());
        assertEquals(torchWeights.keySet(), weights.keySet(), "the same parameters and buffers");
        torchWeights.forEach((k, v) -> assertEquals(Double.parseDouble(v), Double.parseDouble(weights.get(k)),
                RTOL * Math.max(1, Math.abs(Double.parseDouble(v))), k));
    }

    /** {@code layer/param[index]} to value. */
    private static Map<String, String> values(List<Map<String, String>> rows) {
        Map<String, String> m = new LinkedHashMap<>();
        rows.forEach(row -> m.put(row.get("layer") + "/" + row.get("param") + "[" + row.get("index") + "]", row.get("value")));
        return m;
    }

    private static void close(Map<String, String> torch, Map<String, String> ours, String column, String where) {
        String t = torch.get(column);
        String o = ours.get(column);
        if (t.isEmpty() || o.isEmpty()) {
            assertEquals(t, o, column + " of " + where + " (empty when not applicable)");
            return;
        }
        double expected = Double.parseDouble(t);
        assertEquals(expected, Double.parseDouble(o), RTOL * Math.max(1, Math.abs(expected)), column + " of " + where);
    }
}
