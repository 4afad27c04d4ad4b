package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import io.nnpipe.testing.Csv;
import io.nnpipe.testing.DigitsNetwork;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} runs saved weights on unlabelled samples: its outputs are {@code evaluate
 * --predictions}'s, bit for bit, for the same samples in any input format (batch norm and dropout
 * in inference mode, {@code scale} and {@code normalize: train} applied), and bad input is refused
 * with its position before anything is written.
 */
class PredictCommandTest {
    private static final int SAMPLES = 40;
    @TempDir
    static Path tmp;
    static Path weights;
    /** The test samples: label then 64 pixel values each. */
    static List<int[]> rows;

    @BeforeAll
    static void trainABatchNormNetworkWithNormalization() throws IOException {
        rows = digits(1000, SAMPLES);
        Files.writeString(tmp.resolve("label-first.csv"), csv(true, true));
        Files.writeString(tmp.resolve("label-last.csv"), csv(true, false));
        Files.writeString(tmp.resolve("unlabelled.csv"), csv(false, false));
        writeIdx();
        Path config = digitsConfig("{csv: " + tmp.resolve("label-first.csv") + "}");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exit(), r::toString);
        weights = tmp.resolve("run/weights/epoch-0001.csv");
    }

    @Test
    void predictionsEqualEvaluatesForALabelFirstCsv() {
        assertPredictEqualsEvaluate("{csv: " + tmp.resolve("label-first.csv") + "}", tmp.resolve("label-first.csv"));
    }

    @Test
    void predictionsEqualEvaluatesForALabelLastCsv() {
        assertPredictEqualsEvaluate("{csv: " + tmp.resolve("label-last.csv") + "}", tmp.resolve("label-last.csv"));
    }

    @Test
    void predictionsEqualEvaluatesForGzipIdxImagesWithoutTheirLabels() {
        assertPredictEqualsEvaluate("{images: " + tmp.resolve("images.idx") + ", labels: " + tmp.resolve("labels.idx")
                + "}", tmp.resolve("images.idx.gz"));
    }

    @Test
    void anUnlabelledCsvGivesTheRowsOfTheLabelledOne() {
        Path config = digitsConfig(null);
        Path labelled = tmp.resolve("from-labelled.csv");
        Path unlabelled = tmp.resolve("from-unlabelled.csv");
        assertEquals(0, predict(config, tmp.resolve("label-last.csv"), "--out", labelled.toString()).exit());
        Cli.Result r = predict(config, tmp.resolve("unlabelled.csv"), "--out", unlabelled.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(Csv.read(labelled).rows(), Csv.read(unlabelled).rows());
        assertEquals(SAMPLES, Csv.read(unlabelled).rows().size());
    }

    @Test
    void gzipIsRecognisedByContentNotByName() throws IOException {
        Path gz = tmp.resolve("unlabelled.bin");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(tmp.resolve("unlabelled.csv")));
        }
        Cli.Result r = predict(digitsConfig(null), gz);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(predict(digitsConfig(null), tmp.resolve("unlabelled.csv")).out(), r.out());
    }

    @Test
    void withoutOutTheCsvGoesToStdoutAndEqualsTheOutFile() throws IOException {
        Path config = digitsConfig(null);
        Path file = tmp.resolve("to-file.csv");
        Cli.Result toFile = predict(config, tmp.resolve("unlabelled.csv"), "--out", file.toString());
        assertEquals(0, toFile.exit(), toFile::toString);
        assertEquals("", toFile.out(), "stdout carries only requested output");
        Cli.Result toStdout = predict(config, tmp.resolve("unlabelled.csv"));
        assertEquals(0, toStdout.exit(), toStdout::toString);
        assertEquals(Files.readString(file), toStdout.out());
        assertEquals(toStdout.out(), predict(config, tmp.resolve("unlabelled.csv"), "--out", "-").out());
        assertTrue(toStdout.out().startsWith("sample,predicted,output_0,output_1,"), toStdout.out());
    }

    @Test
    void scaleAndNormalizationFromTheTrainingSetAreAppliedBeforeTheLayers() throws IOException {
        // scaled training values 0, 0, 4, 4: mean 2, population std 2; the input [30, 10] becomes
        // [3, 1] after scale 10, then [0.5, -0.5]; y = b + x·W with W = [[1, 2], [3, 4]], b = [0.25, -0.5]
        Path config = tinyDense("softmax_cross_entropy", "label: 0", "label: 1");
        Path input = tmp.resolve("tiny.csv");
        Files.writeString(input, "a,b\n30,10\n0,40\n");
        Cli.Result r = predict(config, input, "--weights", tinySnapshot().toString());
        assertEquals(0, r.exit(), r::toString);
        // the second sample: [0, 4] -> [-1, 1]; y0 = 0.25 - 1 + 3 = 2.25, y1 = -0.5 - 2 + 4 = 1.5
        assertEquals("sample,predicted,output_0,output_1\n1,0,-0.75,-1.5\n2,0,2.25,1.5\n", r.out());
    }

    @Test
    void predictedIsEmptyWhenTheConfigHasNoClasses() throws IOException {
        Path config = tinyDense("mse", "target: [0, 1]", "target: [1, 0]");
        Path input = tmp.resolve("tiny-regression.csv");
        Files.writeString(input, "target0,target1,a,b\n9,9,30,10\n");
        Cli.Result r = predict(config, input, "--weights", tinySnapshot().toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("sample,predicted,output_0,output_1\n1,,-0.75,-1.5\n", r.out());
    }

    @Test
    void aWrongColumnCountIsRefusedAtItsLineAndNothingIsWritten() throws IOException {
        Path input = tmp.resolve("short-row.csv");
        StringBuilder b = new StringBuilder(csv(false, false));
        b.append("1,2,3\n");
        Files.writeString(input, b);
        Path out = tmp.resolve("never.csv");
        Cli.Result r = predict(digitsConfig(null), input, "--out", out.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(input + ":" + (SAMPLES + 2) + ":1: expected 64 fields (64 values), found 3"),
                r::toString);
        assertFalse(Files.exists(out));
        assertEquals("", r.out());
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    @Test
    void aHeaderOfTheWrongWidthAndABadNumberAreNamedWithTheirPositions() throws IOException {
        Path narrow = tmp.resolve("narrow.csv");
        Files.writeString(narrow, "label,p0,p1\n0,1,2\n");
        Cli.Result r = predict(digitsConfig(null), narrow);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(narrow + ":1:1: expected 64 input columns, one per value of the input shape"
                + " (not counting the 1 skipped label/target column), found 2 in the header"), r::toString);
        Path bad = tmp.resolve("bad-number.csv");
        Files.writeString(bad, csv(false, false).replaceFirst("\n0,", "\nx,"));
        r = predict(digitsConfig(null), bad);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(bad + ":2:1: expected a finite decimal number, found \"x\""), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void aFileWithoutAHeaderIsRefusedRatherThanLosingItsFirstSample() throws IOException {
        Path headless = tmp.resolve("headless.csv");
        String text = csv(false, false);
        Files.writeString(headless, text.substring(text.indexOf('\n') + 1));
        Cli.Result r = predict(digitsConfig(null), headless);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(headless + ":1:1: expected a header line naming the columns (e.g. p0,...,p63),"
                + " found numbers"), r::toString);
        StringBuilder numbered = new StringBuilder();
        for (int j = 0; j < 64; j++) {
            numbered.append(j == 0 ? "" : ",").append(j);
        }
        Path pandas = tmp.resolve("numbered.csv");
        Files.writeString(pandas, numbered + text.substring(text.indexOf('\n')));
        Cli.Result ok = predict(digitsConfig(null), pandas);
        assertEquals(0, ok.exit(), ok::toString);
        assertEquals(predict(digitsConfig(null), tmp.resolve("unlabelled.csv")).out(), ok.out());
    }

    @Test
    void idxImagesOfAnotherSizeAreRefused() throws IOException {
        Path images = tmp.resolve("wrong-size.idx");
        try (DataOutputStream d = new DataOutputStream(Files.newOutputStream(images))) {
            d.writeInt(0x00000803);
            d.writeInt(1);
            d.writeInt(7);
            d.writeInt(7);
            d.write(new byte[49]);
        }
        Cli.Result r = predict(digitsConfig(null), images);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(images + ": expected records of 64 values (8x8) to match the input shape, found"
                + " dimensions 1x7x7 of unsigned bytes"), r::toString);
    }

    @Test
    void aSnapshotOfAnotherNetworkAndABadInputAreReportedTogether() throws IOException {
        Path input = tmp.resolve("missing.csv");
        Cli.Result r = predict(digitsConfig(null), input, "--weights", tinySnapshot().toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(input + ": no such input file"), r::toString);
        assertTrue(r.err().contains(tinySnapshot() + ":"), r::toString);
    }

    @Test
    void inputsThatTheConfigsTransformMakesInfiniteAreRefusedNotPredictedAsNaN() throws IOException {
        // outputs NaN with class 0, exit 0 (QA, fifth pass)
        StringBuilder csv = new StringBuilder(DigitsNetwork.pixelHeader());
        csv.append("\n1e308").append(",0".repeat(63)).append("\n0").append(",0".repeat(63)).append('\n');
        Path input = tmp.resolve("huge.csv");
        Files.writeString(input, csv.toString());
        Path out = tmp.resolve("huge-predicted.csv");
        Cli.Result r = predict(digitsConfig(null), input, "--set", "data.normalize={mean: 0, std: 1e-300}",
                "--out", out.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(input + ": sample 1: expected finite inputs after the config's scale and normalize,"
                + " found Infinity for value 1"), r::toString);
        assertFalse(r.err().contains("sample 2"), r::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void twoLabelColumnsAreRefusedAsInTraining() throws IOException {
        // both were skipped without a word (QA, fifth pass)
        StringBuilder csv = new StringBuilder("label,").append(DigitsNetwork.pixelHeader());
        csv.append(",label\n1").append(",0".repeat(64)).append(",1\n");
        Path input = tmp.resolve("two-labels.csv");
        Files.writeString(input, csv.toString());
        Cli.Result r = predict(digitsConfig(null), input);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(input + ":1:1: expected at most one column named 'label', found 2"), r::toString);
    }

    @Test
    void missingInputOrWeightsIsAUsageError() {
        Path config = digitsConfig(null);
        Cli.Result r = Cli.run("predict", "-q", config.toString(), "--weights", weights.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("error: missing --input FILE"), r::toString);
        r = Cli.run("predict", "-q", config.toString(), "--input", tmp.resolve("unlabelled.csv").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("error: missing --weights SNAPSHOT.csv"), r::toString);
        Cli.Result help = Cli.run("predict", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("pipeline predict [options] CONFIG.yaml --weights SNAPSHOT.csv --input FILE"));
    }

    /** Evaluates the config whose test set is {@code test} and predicts {@code input}: the same outputs and classes. */
    @Test
    void samplesOnStandardInputGiveTheSameCsvAsTheFileInEveryFormat() throws IOException {
        Path config = digitsConfig(null);
        String want = predict(config, tmp.resolve("unlabelled.csv")).out();
        for (String file : List.of("unlabelled.csv", "label-last.csv", "images.idx", "images.idx.gz")) {
            Cli.Result r = Cli.runWithInput(Files.readAllBytes(tmp.resolve(file)), "predict", "-q", config.toString(),
                    "--weights", weights.toString(), "--input", "-");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(want, r.out(), file + " on standard input");
        }
        Cli.Result bad = Cli.runWithInput("p0,p1\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "predict", "-q",
                config.toString(), "--weights", weights.toString(), "--input", "-");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().startsWith("standard input:1:1: expected 64 input columns"), bad.err());
    }

    private static void assertPredictEqualsEvaluate(String test, Path input) {
        Path config = digitsConfig(test);
        Path evaluated = tmp.resolve("evaluated-" + input.getFileName() + ".csv");
        Cli.Result e = Cli.run("evaluate", "-q", config.toString(), "--weights", weights.toString(),
                "--out", tmp.resolve("metrics.csv").toString(), "--predictions", evaluated.toString());
        assertEquals(0, e.exit(), e::toString);
        Path predicted = tmp.resolve("predicted-" + input.getFileName() + ".csv");
        Cli.Result p = predict(config, input, "--out", predicted.toString());
        assertEquals(0, p.exit(), p::toString);
        List<Map<String, String>> want = Csv.read(evaluated).rows();
        List<Map<String, String>> got = Csv.read(predicted).rows();
        assertEquals(SAMPLES, got.size());
        assertEquals(List.of("sample", "predicted", "output_0"), Csv.read(predicted).header().subList(0, 3));
        assertEquals(12, Csv.read(predicted).header().size());
        for (int i = 0; i < SAMPLES; i++) {
            for (String column : Csv.read(predicted).header()) {
                assertEquals(want.get(i).get(column), got.get(i).get(column), "row " + (i + 1) + " " + column);
            }
        }
    }

    private static Cli.Result predict(Path config, Path input, String... more) {
        List<String> args = new ArrayList<>(List.of("predict", "-q", config.toString(), "--input", input.toString()));
        if (!List.of(more).contains("--weights")) {
            args.addAll(List.of("--weights", weights.toString()));
        }
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The digits network (batch norm, dropout) with scale and normalize: train; {@code test} null: no test set. */
    private static Path digitsConfig(String test) {
        String yaml = DigitsNetwork.config("""
                seed: 3
                epochs: 1
                batch_size: 16
                """, """
                  train: {csv: %s, limit: 200}
                %s  scale: 16
                  normalize: train
                """.formatted(DigitsNetwork.FILE, test == null ? "" : "  test: " + test + "\n"));
        return Configs.write(tmp, "digits-" + Integer.toHexString(yaml.hashCode()) + ".yaml", yaml);
    }

    /** Dense 2 -> 2 over two training samples [0, 0] and [40, 40] (scaled by 10: mean 2, std 2). */
    private static Path tinyDense(String loss, String first, String second) throws IOException {
        Path file = tmp.resolve("tiny-" + loss + ".yaml");
        Files.writeString(file, """
                seed: 1
                epochs: 1
                batch_size: 2
                data:
                  input_shape: [2]
                  train:
                    - {input: [0, 0], %s}
                    - {input: [40, 40], %s}
                  scale: 10
                  normalize: train
                layers:
                  - {type: dense, name: out, units: 2}
                loss: %s
                optimizer: {type: sgd, learning_rate: 0.1}
                """.formatted(first, second, loss));
        return file;
    }

    private static Path tinySnapshot() throws IOException {
        Path file = tmp.resolve("tiny-weights.csv");
        Files.writeString(file, "layer,param,index,value\nout,weight,0,1\nout,weight,1,2\nout,weight,2,3\n"
                + "out,weight,3,4\nout,bias,0,0.25\nout,bias,1,-0.5\n");
        return file;
    }

    /** {@code n} rows of the digits file from row {@code from}: label, then 64 values. */
    private static List<int[]> digits(int from, int n) {
        List<int[]> out = new ArrayList<>();
        for (String line : DigitsNetwork.lines(from + n).subList(from + 1, from + n + 1)) {
            String[] f = line.split(",");
            int[] row = new int[f.length];
            for (int j = 0; j < f.length; j++) {
                row[j] = Integer.parseInt(f[j]);
            }
            out.add(row);
        }
        return out;
    }

    private static String csv(boolean labelled, boolean labelFirst) {
        StringBuilder b = new StringBuilder(labelled && labelFirst ? "label," : "");
        b.append(DigitsNetwork.pixelHeader()).append(labelled && !labelFirst ? ",label\n" : "\n");
        for (int[] row : rows) {
            b.append(labelled && labelFirst ? row[0] + "," : "");
            for (int j = 1; j <= 64; j++) {
                b.append(j == 1 ? "" : ",").append(row[j]);
            }
            b.append(labelled && !labelFirst ? "," + row[0] + "\n" : "\n");
        }
        return b.toString();
    }

    /** The test samples as IDX: images (plain and gzip) and labels. */
    private static void writeIdx() throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(images);
        DataOutputStream l = new DataOutputStream(labels);
        i.writeInt(0x00000803);
        i.writeInt(SAMPLES);
        i.writeInt(8);
        i.writeInt(8);
        l.writeInt(0x00000801);
        l.writeInt(SAMPLES);
        for (int[] row : rows) {
            for (int j = 1; j <= 64; j++) {
                i.writeByte(row[j]);
            }
            l.writeByte(row[0]);
        }
        Files.write(tmp.resolve("images.idx"), images.toByteArray());
        Files.write(tmp.resolve("labels.idx"), labels.toByteArray());
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp.resolve("images.idx.gz")))) {
            gz.write(images.toByteArray());
        }
    }
}
