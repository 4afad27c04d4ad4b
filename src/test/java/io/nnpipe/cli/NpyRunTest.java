package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from NumPy arrays: the same bits as the same samples written inline, for class labels
 * and for target vectors; run.yaml records both files' digests; {@code predict --input x.npy}
 * gives the outputs of the same samples as CSV.
 */
class NpyRunTest {
    private static final int N = 9;

    @TempDir
    Path tmp;

    /** x[i][j] = sin(7i + j), four features; the label is i mod 3; the target (i/9, -j...) pairs. */
    private static double x(int i, int j) {
        return StrictMath.sin(7 * i + j);
    }

    private static String config(String loss, int outputs, String train) {
        return "seed: 4\nepochs: 3\nbatch_size: 2\nshuffle: true\n"
                + "data:\n  input_shape: [4]\n  train: " + train + "\n  normalize: train\n"
                + "layers:\n  - {type: dense, units: 5}\n  - {type: tanh}\n  - {type: dense, units: " + outputs + "}\n"
                + "loss: " + loss + "\noptimizer: {type: adam, learning_rate: 0.01}\n";
    }

    /** A little-endian float64 .npy file of shape {@code shape} with these values, laid out by hand. */
    private static byte[] npy(String shape, double[] values) {
        StringBuilder h = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        b.put(h.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private Path run(String name, String config) throws IOException {
        Path c = Files.writeString(tmp.resolve(name + ".yaml"), config);
        Cli.Result r = Cli.run("-q", c.toString(), "--out", tmp.resolve(name).toString());
        assertEquals(0, r.exit(), r::toString);
        return tmp.resolve(name);
    }

    private static void assertSameOutputs(Path a, Path b) throws IOException {
        for (String f : List.of("loss.csv", "epochs.csv", "weights/epoch-0003.csv")) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
    }

    private void writeInputs() throws IOException {
        double[] xs = new double[N * 4];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 4; j++) {
                xs[4 * i + j] = x(i, j);
            }
        }
        Files.write(tmp.resolve("x.npy"), npy("(" + N + ", 4)", xs));
    }

    private static String input(int i) {
        return "[" + x(i, 0) + ", " + x(i, 1) + ", " + x(i, 2) + ", " + x(i, 3) + "]";
    }

    @Test
    void labelsTrainTheSameBitsAsInlineSamplesAndRunYamlHasBothDigests() throws Exception {
        writeInputs();
        double[] labels = new double[N];
        StringBuilder inline = new StringBuilder("\n");
        for (int i = 0; i < N; i++) {
            labels[i] = i % 3;
            inline.append("    - {label: ").append(i % 3).append(", input: ").append(input(i)).append("}\n");
        }
        Files.write(tmp.resolve("y.npy"), npy("(" + N + ",)", labels));
        Path npyRun = run("npy", config("softmax_cross_entropy", 3, "{npy: x.npy, labels: y.npy}"));
        assertSameOutputs(run("inline", config("softmax_cross_entropy", 3, inline.toString().stripTrailing())), npyRun);
        String manifest = Files.readString(npyRun.resolve("run.yaml"));
        for (String f : List.of("x.npy", "y.npy")) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tmp.resolve(f))));
            assertTrue(manifest.contains(sha), () -> f + " " + sha + " not in\n" + manifest);
        }
    }

    @Test
    void targetsTrainTheSameBitsAsInlineTargets() throws IOException {
        writeInputs();
        double[] targets = new double[N * 2];
        StringBuilder inline = new StringBuilder("\n");
        for (int i = 0; i < N; i++) {
            targets[2 * i] = i / 9.0;
            targets[2 * i + 1] = -x(i, 3) * 0.5;
            inline.append("    - {target: [").append(targets[2 * i]).append(", ").append(targets[2 * i + 1])
                    .append("], input: ").append(input(i)).append("}\n");
        }
        Files.write(tmp.resolve("t.npy"), npy("(" + N + ", 2)", targets));
        Path run = run("npy", config("mse", 2, "{npy: x.npy, targets: t.npy}"));
        assertSameOutputs(run("inline", config("mse", 2, inline.toString().stripTrailing())), run);
        Cli.Result r = Cli.run("predict", "-q", tmp.resolve("npy.yaml").toString(), "--weights",
                run.resolve("weights/epoch-0003.csv").toString(), "--input", tmp.resolve("x.npy").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("sample,predicted,output_0,output_1\n1,,"), r::toString); // targets: no classes
    }

    @Test
    void predictTakesAnNpyArrayAsItTakesTheSameSamplesAsCsv() throws IOException {
        writeInputs();
        double[] labels = new double[N];
        StringBuilder csv = new StringBuilder("a,b,c,d\n");
        for (int i = 0; i < N; i++) {
            labels[i] = i % 3;
            csv.append(x(i, 0)).append(',').append(x(i, 1)).append(',').append(x(i, 2)).append(',').append(x(i, 3)).append('\n');
        }
        Files.write(tmp.resolve("y.npy"), npy("(" + N + ",)", labels));
        Files.writeString(tmp.resolve("x.csv"), csv);
        Path run = run("npy", config("softmax_cross_entropy", 3, "{npy: x.npy, labels: y.npy}"));
        String[] outputs = new String[2];
        for (int k = 0; k < 2; k++) {
            Cli.Result r = Cli.run("predict", "-q", tmp.resolve("npy.yaml").toString(), "--weights",
                    run.resolve("weights/epoch-0003.csv").toString(), "--input", tmp.resolve(k == 0 ? "x.npy" : "x.csv").toString());
            assertEquals(0, r.exit(), r::toString);
            outputs[k] = r.out();
        }
        assertEquals(outputs[1], outputs[0]);
        assertTrue(outputs[0].startsWith("sample,predicted,output_0,output_1,output_2\n1,"), outputs[0]);
    }
}
