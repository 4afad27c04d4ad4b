package io.nnpipe.testing;

import io.nnpipe.output.Num;
import io.nnpipe.tensor.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configs for reproducibility tests that exercise every source of variation at once: drawn
 * initial weights (uniform and Gaussian), seeded shuffling, mini-batches, convolution, pooling,
 * every transcendental activation and loss (tanh, sigmoid, exp and log of softmax cross-entropy),
 * Adam (pow), a cosine schedule (cos), a test set and a traced step. Data are written inline,
 * drawn from a fixed generator.
 */
public final class Workloads {
    private Workloads() {
    }

    /**
     * A small CNN on {@code train} + {@code test} 8x8 images of 3 noisy classes, written to
     * {@code dir/name.yaml}.
     */
    public static Path smallCnn(Path dir, String name, int train, int test, int epochs) {
        String yaml = """
                description: reproducibility workload
                seed: 7
                epochs: %d
                batch_size: 4
                shuffle: true
                data:
                  input_shape: [1, 8, 8]
                  classes: 3
                  train:
                %s
                  test:
                %s
                layers:
                  - {type: conv2d, name: conv, out_channels: 4, kernel: 3, padding: 1, weight: he_normal, bias: {init: uniform, low: -0.1, high: 0.1}}
                  - {type: tanh, name: act1}
                  - {type: max_pool2d, name: pool, kernel: 2}
                  - {type: flatten, name: flat}
                  - {type: dense, name: hidden, units: 12, weight: xavier_uniform}
                  - {type: sigmoid, name: act2}
                  - {type: dense, name: out, units: 3, weight: {init: normal, std: 0.3}}
                loss: softmax_cross_entropy
                optimizer:
                  type: adam
                  learning_rate: 0.01
                  weight_decay: 0.0001
                  schedule: {type: cosine, period: %d, min_rate: 0.001}
                output:
                  trace: [1, 7]
                  snapshot_every: 2
                """.formatted(epochs, samples(train, 1), samples(test, 2), epochs);
        Path file = dir.resolve(name + ".yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Samples of class i % 3: a class pattern (row, column or diagonal stripes) plus noise. */
    private static String samples(int n, long stream) {
        Rng rng = Rng.derive(stream, "workload");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            b.append("    - {label: ").append(label).append(", input: [");
            for (int p = 0; p < 64; p++) {
                int r = p / 8;
                int c = p % 8;
                boolean on = label == 0 ? r % 3 == 0 : label == 1 ? c % 3 == 0 : (r + c) % 3 == 0;
                double v = (on ? 0.8 : 0.1) + 0.2 * (rng.nextDouble() - 0.5);
                b.append(p > 0 ? ", " : "").append(Num.format(Math.rint(v * 1000) / 1000));
            }
            b.append("]}\n");
        }
        return b.toString().stripTrailing();
    }
}
