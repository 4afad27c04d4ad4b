package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.Problem;
import io.nnpipe.pipeline.Pipeline;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NumPy .npy arrays as a data source: every dtype, version and order, as numpy writes them. */
class NpyDataTest {
    private static final double[] LABELS = {2, 0, 1};

    @TempDir
    Path tmp;

    private Pipeline read(String dataKeys) {
        return DataFiles.read(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[4]", 3, dataKeys)));
    }

    private static String resource(String name) {
        try {
            return Path.of(NpyDataTest.class.getResource("npy/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[][] rows(double... values) {
        double[][] rows = new double[values.length / 4][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(values, 4 * i, 4 * i + 4);
        }
        return rows;
    }

    @Test
    void filesWrittenByNumpyAreReadInEveryVersionDtypeAndOrder() {
        String labels = ", labels: " + resource("y-i8.npy") + "}";
        Pipeline p = read("train: {npy: " + resource("x-f4.npy") + labels);
        double[] tenths = new double[12];
        double[] tenthsAsFloat = new double[12];
        for (int k = 0; k < 12; k++) {
            tenths[k] = k / 10.0;
            tenthsAsFloat[k] = (float) (k / 10.0); // numpy's astype("<f4") rounds to nearest, as Java's cast
        }
        assertArrayEquals(rows(tenthsAsFloat), DataFiles.inputs(p.train()), "(3, 2, 2) float32 for [4]");
        assertEquals(List.of(2, 0, 1), List.of(p.train().label(0), p.train().label(1), p.train().label(2)));
        p = read("train: {npy: " + resource("x-f8-fortran.npy") + ", labels: " + resource("y-f8-col.npy") + "}");
        assertArrayEquals(rows(tenths), DataFiles.inputs(p.train()), "Fortran order, labels (n, 1) of whole floats");
        assertEquals(2, p.train().label(0));
        assertArrayEquals(rows(-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5),
                DataFiles.inputs(read("train: {npy: " + resource("x-i2-big.npy") + labels).train()), "big-endian int16");
        assertArrayEquals(rows(0, 1, 254, 255, 7, 8, 9, 10, 100, 101, 102, 103),
                DataFiles.inputs(read("train: {npy: " + resource("x-u1.npy") + labels).train()));
        assertArrayEquals(rows(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0),
                DataFiles.inputs(read("train: {npy: " + resource("x-b1.npy") + labels).train()));
        Pipeline t = DataFiles.read(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[4]", 2,
                "train: {npy: " + resource("x-f4.npy") + ", targets: " + resource("t-f8.npy") + "}")));
        double[] target = new double[2];
        t.train().target(2, target, 0);
        assertArrayEquals(new double[] {1e-3, 3.0}, target, "targets (3, 2) of float64");
        List<String> pickle = DataFiles.problems(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[4]", 3,
                "train: {npy: " + resource("x-object.npy") + labels))).stream().map(Problem::toString).toList();
        assertTrue(pickle.get(0).contains("found '|O' (an object array holds pickled Python objects: never unpickled"), pickle::toString);
        double[] ones = new double[12];
        java.util.Arrays.fill(ones, 1);
        for (String v : List.of("x-v2.npy", "x-v3.npy")) {
            assertArrayEquals(rows(ones), DataFiles.inputs(read("train: {npy: " + resource(v) + labels).train()), v);
        }
    }

    @Test
    void uint8InputsAreHeldAsOneBytePerValueAndGzipReadsAlike() {
        double[] pixels = {0, 1, 254, 255, 7, 8, 9, 10, 100, 101, 102, 103};
        DataFiles.write(tmp.resolve("x.npy"), Npy.of("|u1", new int[] {3, 4}, pixels));
        DataFiles.write(tmp.resolve("x.npy.gz"), DataFiles.gzip(Npy.of("|u1", new int[] {3, 2, 2}, pixels)));
        DataFiles.write(tmp.resolve("y.npy"), Npy.of("<i4", new int[] {3}, LABELS));
        Pipeline p = read("train: {npy: x.npy, labels: y.npy}\ntest: {npy: x.npy.gz, labels: y.npy}");
        assertEquals(12 + 4 * 3, ((FileDataset) p.train()).store().memoryBytes());
        assertArrayEquals(DataFiles.inputs(p.train()), DataFiles.inputs(p.test()));
        assertEquals(List.of(tmp.resolve("x.npy"), tmp.resolve("y.npy")), p.train().sources());
    }

    @Test
    void everyDtypeInBothByteOrdersGivesItsValues() {
        DataFiles.write(tmp.resolve("y.npy"), Npy.of("|u1", new int[] {1}, 1));
        for (String type : List.of("f8", "f4", "i8", "i4", "i2", "i1", "u8", "u4", "u2", "u1")) {
            for (String order : type.endsWith("1") ? List.of("|", "<", ">") : List.of("<", ">")) {
                boolean signed = type.charAt(0) != 'u';
                double[] v = type.charAt(0) == 'f' ? new double[] {0.5, -2.25, type.equals("f8") ? 1e300 : 0x1p100, 3} : signed
                        ? new double[] {-128, -1, 0, 127} : new double[] {0, 1, 128, 255};
                DataFiles.write(tmp.resolve("x.npy"), Npy.of(order + type, new int[] {1, 4}, v));
                assertArrayEquals(new double[][] {v}, DataFiles.inputs(read("train: {npy: x.npy, labels: y.npy}").train()),
                        order + type);
            }
        }
        DataFiles.write(tmp.resolve("x.npy"), Npy.of("<u8", new int[] {1, 4}, -1, 0, 1, Long.MAX_VALUE));
        assertArrayEquals(new double[][] {{18446744073709551615.0, 0, 1, 9223372036854775807.0}},
                DataFiles.inputs(read("train: {npy: x.npy, labels: y.npy}").train()), "uint64 above 2^63");
    }

    @Test
    void aFortranOrderArrayIsTransposedIntoSamples() {
        // x[i, a, b] = 100i + 10a + b for shape (2, 2, 2), stored column-major: i fastest, then a, then b
        double[] stored = {0, 100, 10, 110, 1, 101, 11, 111};
        DataFiles.write(tmp.resolve("x.npy"), Npy.of(1, "<f8", true, new int[] {2, 2, 2}, stored));
        DataFiles.write(tmp.resolve("y.npy"), Npy.of("<i8", new int[] {2}, 0, 1));
        Pipeline p = DataFiles.read(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[1, 2, 2]", 3,
                "train: {npy: x.npy, labels: y.npy, limit: 1}")));
        assertArrayEquals(new double[][] {{0, 1, 10, 11}}, DataFiles.inputs(p.train()));
    }

    @Test
    void targetsArraysGiveTargetVectorsAndNoClasses() {
        DataFiles.write(tmp.resolve("x.npy"), Npy.of("<f8", new int[] {2, 4}, 1, 2, 3, 4, 5, 6, 7, 8));
        DataFiles.write(tmp.resolve("t.npy"), Npy.of("<f8", new int[] {2, 3}, 0.5, -1, 2, 0, 0.25, 1e-3));
        Pipeline p = read("train: {npy: x.npy, targets: t.npy}");
        double[] t = new double[3];
        p.train().target(1, t, 0);
        assertArrayEquals(new double[] {0, 0.25, 1e-3}, t);
        assertEquals(-1, p.train().label(1));
    }

    @Test
    void aOneDimensionalArrayIsSamplesOfOneValue() {
        DataFiles.write(tmp.resolve("x.npy"), Npy.of("<f8", new int[] {3}, 0.5, -1, 2));
        DataFiles.write(tmp.resolve("y.npy"), Npy.of("|b1", new int[] {3}, 1, 0, 1));
        Pipeline p = DataFiles.read(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.binaryConfig("[1]",
                "train: {npy: x.npy, labels: y.npy}")));
        assertArrayEquals(new double[][] {{0.5}, {-1}, {2}}, DataFiles.inputs(p.train()));
        assertEquals(0, p.train().label(1), "bool labels for one sigmoid output");
    }

    @Test
    void limitReadsOnlyTheFirstSamples() {
        DataFiles.write(tmp.resolve("x.npy"), Npy.of("<f8", new int[] {3, 4}, 0, 1, 2, 3, 4, 5, 6, 7, Double.NaN, 9, 10, 11));
        DataFiles.write(tmp.resolve("y.npy"), Npy.of("<i8", new int[] {3}, 2, 0, 7));
        Pipeline p = read("train: {npy: x.npy, labels: y.npy, limit: 2}");
        assertEquals(2, p.train().size());
        assertArrayEquals(rows(0, 1, 2, 3, 4, 5, 6, 7), DataFiles.inputs(p.train()));
    }

    private List<String> problems(byte[] x, byte[] y, String keys) {
        DataFiles.write(tmp.resolve("x.npy"), x);
        DataFiles.write(tmp.resolve("y.npy"), y);
        return DataFiles.problems(DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[4]", 3, keys)))
                .stream().map(Problem::toString).toList();
    }

    private void assertRefused(byte[] x, String expected) {
        List<String> found = problems(x, Npy.of("<i8", new int[] {3}, LABELS), "train: {npy: x.npy, labels: y.npy}");
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).startsWith(tmp.resolve("x.npy") + ": data.train.npy: "), found::toString);
        assertTrue(found.get(0).contains(expected), () -> "expected \"" + expected + "\" in " + found);
    }

    @Test
    void unreadableArraysAreRefusedNamingTheFileTheHeaderAndWhatWasExpected() {
        byte[] zeros = new byte[96];
        assertRefused(Npy.withHeader(1, "{'descr': '|O', 'fortran_order': False, 'shape': (3, 4), }", zeros),
                "found '|O' (an object array holds pickled Python objects: never unpickled");
        assertRefused(Npy.withHeader(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (3, 4), }", zeros),
                "expected a dtype of float64/32, int8/16/32/64, uint8/16/32/64 or bool ('<f8', '>f4', '|u1', '|b1', ...),"
                + " found '<f2' in the header {'descr': '<f2', 'fortran_order': False, 'shape': (3, 4), }");
        assertRefused(Npy.withHeader(1, "{'descr': '<U5', 'fortran_order': False, 'shape': (3, 4), }", zeros), "'<U5'");
        assertRefused(Npy.withHeader(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,), }", zeros),
                "a structured array");
        assertRefused(Npy.withHeader(1, "{'descr': '<f8', 'shape': (3, 4), }", zeros),
                "expected a header with the keys 'descr', 'fortran_order' and 'shape'");
        assertRefused(Npy.withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': __import__('os')}", zeros),
                "found {'descr': '<f8', 'fortran_order': False, 'shape': __import__('os')} (unreadable at character 51)");
        assertRefused("PK\3\4 an npz archive".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "found the bytes 50 4b 03 04 20 61 (a zip archive: .npz files are not read");
        assertRefused(Npy.withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (999999999999999999,"
                + " 999999999999999999), }", zeros), "holds more than 2^31 values; expected fewer");
        byte[] v4 = Npy.of("<f8", new int[] {3, 4}, new double[12]);
        v4[6] = 4;
        assertRefused(v4, "expected .npy format version 1.0, 2.0 or 3.0, found 4.0");
        byte[] whole = Npy.of("<f8", new int[] {3, 4}, new double[12]);
        assertRefused(java.util.Arrays.copyOf(whole, whole.length - 8), "the file ends inside sample 3 of the 3 its header"
                + " announces ((3, 4) of float64); is it complete?");
        assertRefused(java.util.Arrays.copyOf(whole, whole.length + 1), "expected the file to end after the data of shape (3, 4)");
    }

    @Test
    void shapesThatDoNotFitTheInputAreRefusedAsIdxRefusesThem() {
        DataFiles.write(tmp.resolve("x.npy"), Npy.of("<f8", new int[] {1, 2, 2, 3}, new double[12]));
        DataFiles.write(tmp.resolve("y.npy"), Npy.of("<i8", new int[] {1}, 0));
        List<Problem> p = DataFiles.problems(DataFiles.write(tmp.resolve("c.yaml"),
                DataFiles.config("[3, 2, 2]", 3, "train: {npy: x.npy, labels: y.npy}")));
        assertEquals(tmp.resolve("x.npy") + ": data.train.npy: expected an array of shape (n, 3, 2, 2) or (n, 12): samples"
                + " first, then the input shape, found shape (1, 2, 2, 3) of float64 (header {'descr': '<f8',"
                + " 'fortran_order': False, 'shape': (1, 2, 2, 3), }) (channels last? values are read as"
                + " [channels][height][width]: save x.transpose(0, 3, 1, 2))", p.get(0).toString());
        assertRefused(Npy.of("<f8", new int[] {3, 5}, new double[15]), "expected an array of shape (n, 4) or (n, 4)");
    }

    @Test
    void inputsAndLabelsOfDifferentLengthsNameBothFilesEvenUnderALimit() {
        List<String> found = problems(Npy.of("<f8", new int[] {2, 4}, new double[8]), Npy.of("<i8", new int[] {3}, LABELS),
                "train: {npy: x.npy, labels: y.npy, limit: 1}");
        assertEquals(List.of(tmp.resolve("x.npy") + ": data.train.npy: expected as many samples as the labels array "
                + tmp.resolve("y.npy") + " has (3), found shape (2, 4) of float64 (header {'descr': '<f8', 'fortran_order':"
                + " False, 'shape': (2, 4), })"), found);
    }

    @Test
    void badLabelsAndNonFiniteInputsAreAllNamedBySampleAtOnce() {
        byte[] x = Npy.of("<f4", new int[] {3, 4}, 0, Double.NaN, 0, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0);
        List<String> found = problems(x, Npy.of("<i8", new int[] {3}, LABELS), "train: {npy: x.npy, labels: y.npy}");
        assertEquals(List.of(tmp.resolve("x.npy") + ": data.train.npy: sample 1 (index 0), value [0, 1]: expected a finite"
                + " number, found NaN", tmp.resolve("x.npy") + ": data.train.npy: sample 3 (index 2), value [2, 0]: expected"
                + " a finite number, found Infinity"), found);
        found = problems(Npy.of("<f8", new int[] {3, 4}, new double[12]), Npy.of("<f8", new int[] {3}, 3, 0.5, -1),
                "train: {npy: x.npy, labels: y.npy}");
        assertEquals(List.of(
                tmp.resolve("y.npy") + ": data.train.labels: sample 1 (index 0): expected a class label from 0 to 2 (the"
                        + " network has 3 outputs), found 3",
                tmp.resolve("y.npy") + ": data.train.labels: sample 2 (index 1): expected a class label from 0 to 2 (the"
                        + " network has 3 outputs), found 0.5",
                tmp.resolve("y.npy") + ": data.train.labels: sample 3 (index 2): expected a class label from 0 to 2 (the"
                        + " network has 3 outputs), found -1"), found);
        found = problems(Npy.of("<f8", new int[] {3, 4}, new double[12]), Npy.of("<i8", new int[] {3, 2}, new double[6]),
                "train: {npy: x.npy, labels: y.npy}");
        assertTrue(found.get(0).contains("expected labels of shape (n,) or (n, 1), one class index per sample, found shape"
                + " (3, 2) of int64"), found::toString);
        found = problems(Npy.of("<f8", new int[] {3, 4}, new double[12]), Npy.of("<f8", new int[] {3, 2}, new double[6]),
                "train: {npy: x.npy, targets: y.npy}");
        assertTrue(found.get(0).contains("data.train.targets: expected targets of shape (n, 3), one value per network output"
                + " (the network has 3), found shape (3, 2) of float64"), found::toString);
    }

    @Test
    void aSourceNeedsLabelsOrTargetsAndOnlyOneFile() {
        Npy.of("<f8", new int[] {3, 4}, new double[12]);
        byte[] x = Npy.of("<f8", new int[] {3, 4}, new double[12]);
        byte[] y = Npy.of("<i8", new int[] {3}, LABELS);
        assertTrue(problems(x, y, "train: {npy: x.npy}").get(0).contains("data.train.npy: an .npy source needs 'labels: FILE'"));
        assertTrue(problems(x, y, "train: {npy: x.npy, labels: y.npy, targets: y.npy}").get(0)
                .contains("data.train.targets: give either 'labels' (class indices) or 'targets'"));
        assertTrue(problems(x, y, "train: {npy: x.npy, labels: y.npy, csv: y.npy}").get(0)
                .contains("data.train.csv: give one data source: 'npy', 'csv', 'images' and 'labels', or 'folder', not two"));
    }
}
