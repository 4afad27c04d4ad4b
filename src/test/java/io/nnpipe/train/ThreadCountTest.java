package io.nnpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result does not depend on the thread count: a CNN with batches of 5 (and a last, smaller
 * batch), padding, shuffling, Adam and a traced step, trained with --threads 1, 2 and 3, writes
 * byte-identical files. Its layers are large enough that every parallel path runs more than one
 * task (dense products in tiles, convolution per sample and per block of dW columns).
 */
class ThreadCountTest {
    @TempDir
    Path tmp;

    private String config() {
        io.nnpipe.tensor.Rng rng = new io.nnpipe.tensor.Rng(5);
        StringBuilder samples = new StringBuilder();
        for (int s = 0; s < 13; s++) {
            samples.append("    - {label: ").append(s % 4).append(", input: [");
            for (int i = 0; i < 2 * 9 * 9; i++) {
                samples.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", 2 * rng.nextDouble() - 1));
            }
            samples.append("]}\n");
        }
        return """
                seed: 3
                epochs: 2
                batch_size: 5
                shuffle: true
                data:
                  input_shape: [2, 9, 9]
                  classes: 4
                  train:
                %s
                layers:
                  - {type: conv2d, out_channels: 6, kernel: 3, padding: 1}
                  - {type: relu}
                  - {type: conv2d, out_channels: 6, kernel: [3, 2], stride: [1, 2], padding: [1, 0]}
                  - {type: max_pool2d, kernel: 3, stride: 2, padding: 1}
                  - {type: flatten}
                  - {type: dense, units: 150}
                  - {type: tanh}
                  - {type: dense, units: 4}
                loss: softmax_cross_entropy
                optimizer: {type: adam, learning_rate: 0.01}
                output:
                  trace: [3]
                """.formatted(samples.toString().stripTrailing());
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void everyThreadCountWritesTheSameBytes() throws IOException {
        Path config = tmp.resolve("cnn.yaml");
        Files.writeString(config, config());
        for (int threads = 1; threads <= 3; threads++) {
            Cli.Result r = Cli.run("-q", config.toString(), "--threads", String.valueOf(threads), "--out",
                    tmp.resolve("t" + threads).toString());
            assertEquals(0, r.exit(), r::toString);
        }
        List<Path> expected = files(tmp.resolve("t1"));
        for (int threads = 2; threads <= 3; threads++) {
            Path dir = tmp.resolve("t" + threads);
            assertEquals(expected, files(dir), "the same files with " + threads + " threads");
            for (Path f : expected) {
                if (f.toString().endsWith(".csv")) {
                    assertArrayEquals(Files.readAllBytes(tmp.resolve("t1").resolve(f)), Files.readAllBytes(dir.resolve(f)),
                            f + " with " + threads + " threads");
                }
            }
        }
    }
}
