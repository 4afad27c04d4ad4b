package io.nnpipe.data;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Problem;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.testing.Layers;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes small data files and configs for the data tests, and reads them as the pipeline does. */
final class DataFiles {
    private DataFiles() {
    }

    /** A config for inputs of {@code shape} (YAML list) with {@code classes} outputs and the given data keys. */
    static String config(String shape, int classes, String dataKeys) {
        return "epochs: 1\n"
                + "data:\n"
                + "  input_shape: " + shape + "\n"
                + dataKeys.indent(2)
                + "layers:\n"
                + "  - {type: flatten}\n"
                + "  - {type: dense, units: " + classes + "}\n"
                + "loss: softmax_cross_entropy\n"
                + "optimizer: {type: sgd, learning_rate: 0.1}\n";
    }

    /** A config of one sigmoid output with binary_cross_entropy: labels 0 and 1 are its target. */
    static String binaryConfig(String shape, String dataKeys) {
        return config(shape, 1, dataKeys).replace("  - {type: dense, units: 1}\n", "  - {type: dense, units: 1}\n  - {type: sigmoid}\n")
                .replace("loss: softmax_cross_entropy", "loss: binary_cross_entropy");
    }

    static Path write(Path file, String text) {
        return write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An IDX file of unsigned bytes with these dimensions and values. */
    static byte[] idx(int[] dims, int[] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(new byte[] {0, 0, 0x08, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            for (int v : values) {
                out.writeByte(v);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the config file as the command line does. */
    static Pipeline read(Path config) {
        return new PipelineReader(Layers.BUILTIN).read(config, List.of());
    }

    /** The problems reading the config reports; fails if it reads. */
    static List<Problem> problems(Path config) {
        try {
            read(config);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems reading " + config);
    }

    /** The inputs of a dataset, one row per sample. */
    static double[][] inputs(Dataset d) {
        double[][] rows = new double[d.size()][d.shape().size()];
        for (int i = 0; i < d.size(); i++) {
            d.input(i, rows[i], 0);
        }
        return rows;
    }
}
