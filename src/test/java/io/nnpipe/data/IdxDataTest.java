package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.Problem;
import io.nnpipe.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX (MNIST) files: images and labels, plain or gzip, held as bytes, and precise errors. */
class IdxDataTest {
    private static final int[] PIXELS = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};

    @TempDir
    Path tmp;

    private Path config(String dataKeys) {
        return DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[1, 2, 2]", 10, dataKeys));
    }

    private void files(byte[] images, byte[] labels) {
        DataFiles.write(tmp.resolve("img"), images);
        DataFiles.write(tmp.resolve("lab"), labels);
    }

    @Test
    void readsImagesAndLabels() {
        files(DataFiles.idx(new int[] {3, 2, 2}, PIXELS), DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        Pipeline p = DataFiles.read(config("train: {images: img, labels: lab}\nscale: 255"));
        assertEquals(3, p.train().size());
        assertEquals(9, p.train().label(2));
        double[] x = new double[4];
        p.train().input(2, x, 0);
        assertArrayEquals(new double[] {252 / 255.0, 253 / 255.0, 254 / 255.0, 1}, x, 0);
        assertEquals(List.of(tmp.resolve("img"), tmp.resolve("lab")), p.train().sources());
    }

    @Test
    void gzipFilesGiveTheSameSamples() {
        files(DataFiles.gzip(DataFiles.idx(new int[] {3, 2, 2}, PIXELS)),
                DataFiles.gzip(DataFiles.idx(new int[] {3}, new int[] {7, 0, 9})));
        DataFiles.write(tmp.resolve("img2"), DataFiles.idx(new int[] {3, 4}, PIXELS));
        DataFiles.write(tmp.resolve("lab2"), DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        Pipeline p = DataFiles.read(config("train: {images: img, labels: lab}\ntest: {images: img2, labels: lab2}"));
        assertArrayEquals(DataFiles.inputs(p.train()), DataFiles.inputs(p.test()), "flat [n, 4] records fit too");
    }

    @Test
    void samplesAreHeldAsOneBytePerValue() {
        int n = 600;
        int[] pixels = new int[n * 784];
        Arrays.setAll(pixels, i -> i % 256);
        DataFiles.write(tmp.resolve("img"), DataFiles.idx(new int[] {n, 28, 28}, pixels));
        DataFiles.write(tmp.resolve("lab"), DataFiles.idx(new int[] {n}, new int[n]));
        Path c = DataFiles.write(tmp.resolve("m.yaml"), DataFiles.config("[1, 28, 28]", 10,
                "train: {images: img, labels: lab}\nscale: 255\nnormalize: train"));
        Pipeline p = DataFiles.read(c);
        FileDataset f = (FileDataset) p.train();
        assertEquals(n * 784L + 4L * n, f.store().memoryBytes());
    }

    @Test
    void aTruncatedFileNamesTheRecordWhereItEnds() {
        byte[] img = DataFiles.idx(new int[] {3, 2, 2}, PIXELS);
        files(Arrays.copyOf(img, img.length - 5), DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        List<Problem> problems = DataFiles.problems(config("train: {images: img, labels: lab}"));
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(tmp.resolve("img") + ": data.train.images: the file ends inside record 2 of the 3 its header"
                + " announces (dimensions 3x2x2 of unsigned bytes); is it complete?", problems.get(0).toString());
    }

    @Test
    void labelsOutsideTheClassesAreNamedByRecord() {
        files(DataFiles.idx(new int[] {3, 2, 2}, PIXELS), DataFiles.idx(new int[] {3}, new int[] {7, 10, 9}));
        List<Problem> problems = DataFiles.problems(config("train: {images: img, labels: lab}"));
        assertEquals(List.of(tmp.resolve("lab") + ": data.train.labels: record 2: expected a class label from 0 to 9"
                + " (the network has 10 outputs), found 10"), problems.stream().map(Problem::toString).toList());
    }

    @Test
    void aOneOutputNetworkTakesLabelsZeroAndOneAsItsTargetAndNamesAnyOther() {
        files(DataFiles.idx(new int[] {3, 2, 2}, PIXELS), DataFiles.idx(new int[] {3}, new int[] {1, 0, 2}));
        Path oneOutput = DataFiles.write(tmp.resolve("one.yaml"),
                DataFiles.binaryConfig("[1, 2, 2]", "train: {images: img, labels: lab}"));
        assertEquals(List.of(tmp.resolve("lab") + ": data.train.labels: record 3: expected a class label, 0 or 1"
                + " (the network has one output: the label is its target), found 2"),
                DataFiles.problems(oneOutput).stream().map(Problem::toString).toList());

        files(DataFiles.idx(new int[] {3, 2, 2}, PIXELS), DataFiles.idx(new int[] {3}, new int[] {1, 0, 1}));
        Pipeline p = DataFiles.read(oneOutput);
        double[] t = {-1, -1, -1};
        for (int i = 0; i < 3; i++) {
            p.train().target(i, t, i);
        }
        assertArrayEquals(new double[] {1, 0, 1}, t, "the label itself, not a one-hot vector");
        assertEquals(1, p.train().label(2));
    }

    @Test
    void everyNonFiniteFloatIsNamedByRecordAndValueAllAtOnce() {
        // float64 records of 2x2: a NaN in record 2 and an infinity in record 3 (only the first was named)
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 12 + 3 * 4 * 8); // big-endian, as IDX
        b.put(new byte[] {0, 0, 0x0E, 3}).putInt(3).putInt(2).putInt(2);
        double[] values = {0, 1, 2, 3, 4, 5, Double.NaN, 7, 8, Double.NEGATIVE_INFINITY, 10, 11};
        for (double v : values) {
            b.putDouble(v);
        }
        files(b.array(), DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        assertEquals(List.of(
                tmp.resolve("img") + ": data.train.images: record 2, value 3 of 4 (row-major): expected a finite number,"
                        + " found NaN",
                tmp.resolve("img") + ": data.train.images: record 3, value 2 of 4 (row-major): expected a finite number,"
                        + " found -Infinity"),
                DataFiles.problems(config("train: {images: img, labels: lab}")).stream().map(Problem::toString).toList());
    }

    @Test
    void wrongMagicShapeAndCountAreReported() {
        byte[] bad = DataFiles.idx(new int[] {3, 2, 2}, PIXELS);
        bad[0] = 0x1F;
        bad[1] = 0x00;
        files(bad, DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        assertTrue(DataFiles.problems(config("train: {images: img, labels: lab}")).get(0).message()
                .startsWith("expected an IDX file (magic 00 00"));
        files(DataFiles.idx(new int[] {2, 3, 2}, Arrays.copyOf(PIXELS, 12)), DataFiles.idx(new int[] {2}, new int[] {7, 0}));
        assertEquals("expected records of 4 values (2x2) to match the input shape, found dimensions 2x3x2 of unsigned bytes",
                DataFiles.problems(config("train: {images: img, labels: lab}")).get(0).message());
        files(DataFiles.idx(new int[] {3, 2, 2}, PIXELS), DataFiles.idx(new int[] {2}, new int[] {7, 0}));
        assertEquals("expected as many images as the labels file has labels (2), found 3",
                DataFiles.problems(config("train: {images: img, labels: lab}")).get(0).message());
    }

    @Test
    void channelsLastImagesAreRefusedAndOtherRecordsOfTheSizeAreTaken() {
        // [n, 2, 2, 3] for input [3, 2, 2] was read channels-first without a word (QA, fifth pass), and
        // [n, 3, 4] was refused as "expected records of 12 values (2x2)"
        Path c = DataFiles.write(tmp.resolve("c3.yaml"), DataFiles.config("[3, 2, 2]", 10,
                "train: {images: img, labels: lab}"));
        byte[] labels = DataFiles.idx(new int[] {1}, new int[] {7});
        files(DataFiles.idx(new int[] {1, 2, 2, 3}, PIXELS), labels);
        assertEquals("expected records of 12 values (3x2x2) to match the input shape, found dimensions 1x2x2x3 of"
                + " unsigned bytes (channels last? records are read as [channels][height][width])",
                DataFiles.problems(c).get(0).message());
        for (int[] dims : new int[][] {{1, 3, 2, 2}, {1, 3, 4}, {1, 12}}) {
            files(DataFiles.idx(dims, PIXELS), labels);
            double[] x = new double[12];
            DataFiles.read(c).train().input(0, x, 0);
            assertEquals(255.0, x[11], Arrays.toString(dims));
        }
        files(DataFiles.idx(new int[] {1, 3, 2, 3}, Arrays.copyOf(PIXELS, 18)), labels);
        assertEquals("expected records of 12 values (3x2x2) to match the input shape, found dimensions 1x3x2x3 of"
                + " unsigned bytes", DataFiles.problems(c).get(0).message());
    }

    @Test
    void hugeDimensionsAndBrokenGzipAreNamedPlainly() {
        byte[] huge = DataFiles.idx(new int[] {3, 2, 2}, PIXELS);
        huge[4] = (byte) 0xEE; // first dimension 0xEE6B2803: 4000000003 as the unsigned size it is
        huge[5] = 0x6B;
        huge[6] = 0x28;
        files(huge, DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        assertEquals("dimension 1 of the IDX header is 4000000003 (the data would exceed 2^31 values)",
                DataFiles.problems(config("train: {images: img, labels: lab}")).get(0).message());
        byte[] many = DataFiles.idx(new int[] {3, 2, 2}, PIXELS);
        many[4] = 0x3B; // 0x3B9ACA03 = 1000000003 records of 2x2: the product, not the 2, is too large
        many[5] = (byte) 0x9A;
        many[6] = (byte) 0xCA;
        files(many, DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        assertEquals("the IDX header's dimensions 1000000003x2x2 already hold more than 2^31 values; expected fewer",
                DataFiles.problems(config("train: {images: img, labels: lab}")).get(0).message());
        byte[] notGzip = new byte[40];
        notGzip[0] = 0x1f;
        notGzip[1] = (byte) 0x8b;
        files(notGzip, DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        assertEquals("the file starts like gzip (bytes 1f 8b) but is not valid gzip data: Unsupported compression method",
                DataFiles.problems(config("train: {images: img, labels: lab}")).get(0).message());
    }

    @Test
    void limitReadsOnlyTheFirstRecords() {
        files(DataFiles.idx(new int[] {3, 2, 2}, PIXELS), DataFiles.idx(new int[] {3}, new int[] {7, 0, 9}));
        Pipeline p = DataFiles.read(config("train: {images: img, labels: lab, limit: 2}"));
        assertEquals(2, p.train().size());
        assertEquals(List.of(7, 0), List.of(p.train().label(0), p.train().label(1)));
    }
}
