package io.nnpipe.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Configs of the small digits network the CLI tests train and run: 8x8 images of
 * {@code data/digits.csv.gz} (a header, then a label and 64 values a row) through conv (4 filters
 * 3x3), batch norm, ReLU, average pooling, flatten, dropout 0.2 and dense 10; softmax
 * cross-entropy, SGD with momentum. Batch norm and dropout make inference differ from training.
 */
public final class DigitsNetwork {
    /** The digits file, absolute (configs may be written anywhere). */
    public static final Path FILE = Path.of("data/digits.csv.gz").toAbsolutePath();

    private DigitsNetwork() {
    }

    /**
     * A config: {@code top} (the keys before {@code data}, one a line), a {@code data} mapping with
     * {@code input_shape: [1, 8, 8]} and {@code classes: 10} followed by {@code data} (its further
     * lines, indented by two spaces), then the network, loss and optimizer.
     */
    public static String config(String top, String data) {
        return top + """
                data:
                  input_shape: [1, 8, 8]
                  classes: 10
                """ + data + """
                layers:
                  - {type: conv2d, name: conv, out_channels: 4, kernel: 3}
                  - {type: batch_norm, name: bn}
                  - {type: relu}
                  - {type: avg_pool2d, kernel: 2}
                  - {type: flatten}
                  - {type: dropout, rate: 0.2}
                  - {type: dense, name: out, units: 10}
                loss: softmax_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1, momentum: 0.9}
                """;
    }

    /** The header and the first {@code n} rows of the digits file, as text. */
    public static List<String> lines(int n) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(FILE)),
                StandardCharsets.US_ASCII))) {
            return r.lines().limit(n + 1).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header of a file of unlabelled samples: {@code p0,p1,...,p63}. */
    public static String pixelHeader() {
        StringBuilder b = new StringBuilder("p0");
        for (int j = 1; j < 64; j++) {
            b.append(",p").append(j);
        }
        return b.toString();
    }
}
