package io.nnpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small valid configs for tests, and a way to write one to a file. */
public final class Configs {
    /** A small CNN on two 4x4 images: conv (2 filters 2x2, stride 2), pool, flatten, dense 2; SGD. */
    public static final String SMALL_CNN = """
            epochs: 2
            data:
              input_shape: [1, 4, 4]
              train:
                - label: 0
                  input: [[1, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1], [1, 1, 1, 1]]
                - label: 1
                  input: [[1, 0, 0, 1], [0, 1, 1, 0], [0, 1, 1, 0], [1, 0, 0, 1]]
            layers:
              - type: conv2d
                out_channels: 2
                kernel: 2
                stride: 2
              - type: max_pool2d
                kernel: 2
              - type: flatten
              - type: dense
                units: 2
            loss: softmax_cross_entropy
            optimizer:
              type: sgd
              learning_rate: 0.1
            """;

    private Configs() {
    }

    /** Writes {@code yaml} to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
