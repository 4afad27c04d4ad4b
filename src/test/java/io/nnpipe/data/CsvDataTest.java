package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.Problem;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV data files: values, labels, gzip, paths relative to the config, and precise errors. */
class CsvDataTest {
    private static final String CSV = "label,p0,p1,p2,p3\n1,0,255,10,20\n0,5,6,7,8\n2,1,2,3,4\n";

    @TempDir
    Path tmp;

    private Path config(String dataKeys) {
        return DataFiles.write(tmp.resolve("configs/c.yaml"), DataFiles.config("[1, 2, 2]", 3, dataKeys));
    }

    @Test
    void readsLabelsAndValuesInFileOrder() {
        DataFiles.write(tmp.resolve("data/d.csv"), CSV);
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}"));
        assertEquals(3, p.train().size());
        assertArrayEquals(new double[][] {{0, 255, 10, 20}, {5, 6, 7, 8}, {1, 2, 3, 4}}, DataFiles.inputs(p.train()));
        assertEquals(1, p.train().label(0));
        double[] t = new double[3];
        p.train().target(2, t, 0);
        assertArrayEquals(new double[] {0, 0, 1}, t);
        assertEquals(null, p.test());
    }

    @Test
    void labelsWrittenAsWholeDecimalsAsNumpySavetxtWritesThemAreClasses() {
        // np.savetxt(..., np.column_stack([y, X]), delimiter=",") writes every value as %.18e
        DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n"
                + "2.000000000000000000e+00,0,1,2,3\n1.0,4,5,6,7\n-0.0,1,1,1,1\n1e0,2,2,2,2\n");
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}"));
        assertEquals(List.of(2, 1, 0, 1), List.of(p.train().label(0), p.train().label(1), p.train().label(2),
                p.train().label(3)));
        double[] t = new double[3];
        p.train().target(0, t, 0);
        assertArrayEquals(new double[] {0, 0, 1}, t);
    }

    @Test
    void aLabelWithAFractionIsNamedWithItsPosition() {
        DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n1.5,0,1,2,3\n3.0,4,5,6,7\n");
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        assertEquals(List.of(
                file + ":2:1: data.train.csv: expected a class label from 0 to 2 (the network has 3 outputs), found \"1.5\"",
                file + ":3:1: data.train.csv: expected a class label from 0 to 2 (the network has 3 outputs), found \"3.0\""),
                DataFiles.problems(config("train: {csv: ../data/d.csv}")).stream().map(Problem::toString).toList());
    }

    @Test
    void columnsCountCharactersNotBytesAfterNonAsciiText() {
        // "é" and "€" are two and three bytes of UTF-8 but one character each
        DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n1,é,2,€,x\n");
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        List<String> problems = DataFiles.problems(config("train: {csv: ../data/d.csv}")).stream().map(Problem::toString)
                .toList();
        assertEquals(List.of(file + ":2:3:", file + ":2:7:", file + ":2:9:"),
                problems.stream().map(m -> m.substring(0, m.indexOf(": data.") + 1)).toList(), problems.toString());
    }

    @Test
    void aOneOutputNetworkTakesLabelsZeroAndOneAsItsTargetAndNamesAnyOther() {
        DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n1,0,1,2,3\n0,4,5,6,7\n2,1,1,1,1\n");
        Path oneOutput = DataFiles.write(tmp.resolve("configs/one.yaml"),
                DataFiles.binaryConfig("[1, 2, 2]", "train: {csv: ../data/d.csv}"));
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        assertEquals(List.of(file + ":4:1: data.train.csv: expected a class label, 0 or 1 (the network has one output:"
                + " the label is its target), found \"2\""), DataFiles.problems(oneOutput).stream().map(Problem::toString).toList());

        DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n1,0,1,2,3\n0,4,5,6,7\n");
        Pipeline p = DataFiles.read(oneOutput);
        double[] t = {-1, -1};
        p.train().target(0, t, 0);
        p.train().target(1, t, 1);
        assertArrayEquals(new double[] {1, 0}, t, "the label itself, not a one-hot vector");
        assertEquals(0, p.train().label(1));
    }

    @Test
    void targetColumnsGiveEachSampleItsTargetVectorAndNoClass() {
        DataFiles.write(tmp.resolve("data/d.csv"), "target0,target1,target2,p0,p1,p2,p3\n0.5,-1e-3,2,0,255,10,20\n"
                + "0,0,1,5,6,7,8.5\n");
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}"));
        assertArrayEquals(new double[][] {{0, 255, 10, 20}, {5, 6, 7, 8.5}}, DataFiles.inputs(p.train()));
        double[] t = new double[6];
        p.train().target(0, t, 0);
        p.train().target(1, t, 3);
        assertArrayEquals(new double[] {0.5, -1e-3, 2, 0, 0, 1}, t, 0);
        assertEquals(-1, p.train().label(0), "target vectors are no classes: accuracy stays empty");
    }

    @Test
    void numberedTargetColumnsFillTheOutputTheirNumberNamesInAnyOrder() {
        // target2,target0,target1 filled outputs 0, 1, 2 in column order without a word (QA, fifth pass)
        DataFiles.write(tmp.resolve("data/d.csv"), "p0,target2,p1,target0,p2,target1,p3\n0,2,255,0.5,10,-1e-3,20\n");
        double[] t = new double[3];
        DataFiles.read(config("train: {csv: ../data/d.csv}")).train().target(0, t, 0);
        assertArrayEquals(new double[] {0.5, -1e-3, 2}, t, 0);
        DataFiles.write(tmp.resolve("data/d.csv"), "target_a,target_c,target_b,p0,p1,p2,p3\n1,2,3,0,1,2,3\n");
        DataFiles.read(config("train: {csv: ../data/d.csv}")).train().target(0, t, 0);
        assertArrayEquals(new double[] {1, 2, 3}, t, 0, "names not all numbered: their order is the outputs'");
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        for (String header : new String[] {"target0,target2,target2", "target1,target2,target3"}) {
            DataFiles.write(tmp.resolve("data/d.csv"), header + ",p0,p1,p2,p3\n1,2,3,0,1,2,3\n");
            assertEquals(List.of(file + ":1:1: data.train.csv: expected the target columns target0 to target2, each"
                    + " once (one per network output), found \"" + (header.startsWith("target0") ? "target2\" twice"
                    : "target3\"")), DataFiles.problems(config("train: {csv: ../data/d.csv}")).stream()
                    .map(Problem::toString).toList());
        }
    }

    @Test
    void aLabelColumnInOtherLetterCaseIsPointedOut() {
        DataFiles.write(tmp.resolve("data/d.csv"), "p0,p1,p2,p3,Label\n0,1,2,3,2\n");
        List<Problem> problems = DataFiles.problems(config("train: {csv: ../data/d.csv}"));
        assertTrue(problems.get(0).message().endsWith("found \"p0\" first and no such column (column 5 is \"Label\":"
                + " names are case-sensitive; write label)"), problems::toString);
    }

    @Test
    void quotedHeaderNamesAreTheNamesAndQuotedNumbersAreNamedAsSuch() {
        // R's write.csv quotes every name: "label" was not found as the label column (QA, fifth pass)
        DataFiles.write(tmp.resolve("data/d.csv"), "\ufeff\"p0\",\"p1\",\"p2\",\"p3\",\"label\"\r\n0,1,2,3,2\r\n");
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}"));
        assertEquals(2, p.train().label(0));
        assertArrayEquals(new double[][] {{0, 1, 2, 3}}, DataFiles.inputs(p.train()));
        DataFiles.write(tmp.resolve("data/d.csv"), "p0,p1,p2,p3,label\n\"0\",1,2,3,2\n");
        List<Problem> problems = DataFiles.problems(config("train: {csv: ../data/d.csv}"));
        assertTrue(problems.get(0).message().endsWith("found \"\"0\"\" (numbers are written without quotes)"),
                problems::toString);
    }

    @Test
    void targetColumnsAreCountedAgainstTheOutputsAndEachRowAgainstTheHeader() {
        DataFiles.write(tmp.resolve("data/d.csv"), "target0,target1,p0,p1,p2,p3\n1,2,0,1,2,3\n");
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        assertEquals(List.of(file + ":1:1: data.train.csv: expected 3 target columns, one per network output (the"
                + " network has 3), found 2 named target..."),
                DataFiles.problems(config("train: {csv: ../data/d.csv}")).stream().map(Problem::toString).toList());

        DataFiles.write(tmp.resolve("data/d.csv"), "target,t1,t2,p0,p1,p2,p3\n1,2,3,0,1,2\n1,2,3,0,1,2,x\n");
        assertEquals(List.of(file + ":1:1: data.train.csv: expected 3 target columns, one per network output (the"
                + " network has 3), found 1 named target..."),
                DataFiles.problems(config("train: {csv: ../data/d.csv}")).stream().map(Problem::toString).toList(),
                "only leading columns named target... are targets");

        DataFiles.write(tmp.resolve("data/d.csv"), "target,target,target,p0,p1,p2,p3\n1,2,3,0,1,2\n1,2,3,0,1,2,x\n");
        assertEquals(List.of(file + ":2:1: data.train.csv: expected 7 fields (3 targets and 4 values), found 6",
                file + ":3:13: data.train.csv: expected a finite decimal number, found \"x\""),
                DataFiles.problems(config("train: {csv: ../data/d.csv}")).stream().map(Problem::toString).toList());
    }

    @Test
    void gzipIsRecognisedByItsBytesNotItsName() {
        DataFiles.write(tmp.resolve("data/plain.csv"), CSV);
        DataFiles.write(tmp.resolve("data/zipped.bin"), DataFiles.gzip(CSV.getBytes(StandardCharsets.UTF_8)));
        Pipeline p = DataFiles.read(config("train: {csv: ../data/plain.csv}\ntest: {csv: ../data/zipped.bin}"));
        assertArrayEquals(DataFiles.inputs(p.train()), DataFiles.inputs(p.test()));
    }

    @Test
    void decimalValuesAreKeptExactly() {
        DataFiles.write(tmp.resolve("data/d.csv"), "label,a,b,c,d\n0, 0.1 ,-2.5e-3,300,1E2\r\n\n1,0,0,0,0\n");
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}"));
        assertArrayEquals(new double[][] {{0.1, -2.5e-3, 300, 100}, {0, 0, 0, 0}}, DataFiles.inputs(p.train()));
    }

    @Test
    void scaleAndGivenNormalisationApplyInOrder() {
        DataFiles.write(tmp.resolve("data/d.csv"), CSV);
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}\nscale: 255\nnormalize: {mean: 0.5, std: 0.25}"));
        double[] x = new double[4];
        p.train().input(0, x, 0);
        assertArrayEquals(new double[] {(0 / 255.0 - 0.5) / 0.25, (255 / 255.0 - 0.5) / 0.25, (10 / 255.0 - 0.5) / 0.25,
            (20 / 255.0 - 0.5) / 0.25}, x, 0);
    }

    @Test
    void scaleMapsARangeOntoAnother() {
        DataFiles.write(tmp.resolve("data/d.csv"), CSV);
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}\nscale: {from: [0, 255], to: [-1, 1]}"));
        double[] x = new double[4];
        p.train().input(0, x, 0);
        assertArrayEquals(new double[] {-1, 1, 10 / 255.0 * 2 - 1, 20 / 255.0 * 2 - 1}, x, 0);
    }

    @Test
    void limitKeepsTheFirstSamples() {
        DataFiles.write(tmp.resolve("data/d.csv"), CSV);
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv, limit: 2}"));
        assertEquals(2, p.train().size());
        assertEquals(0, p.train().label(1));
    }

    @Test
    void sourcesNameTheFileBothSidesOfASplitWereReadFrom() {
        DataFiles.write(tmp.resolve("data/d.csv"), CSV);
        Pipeline p = DataFiles.read(config("train: {csv: ../data/d.csv}\nsplit: 0.34"));
        List<Path> expected = List.of(tmp.resolve("configs/../data/d.csv").normalize());
        assertEquals(expected, p.train().sources(), "resolved from the config's directory");
        assertEquals(expected, p.test().sources());
    }

    @Test
    void badValuesAreReportedAtTheirLineAndColumnUnderTheKeyThatNamedTheFile() {
        Path data = DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n1,0,255,10,20\n0,5,x6,7,8\n3,1,2,3,4\n2,1,2\n");
        List<Problem> problems = DataFiles.problems(config("train: {csv: ../data/d.csv}"));
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        assertEquals(3, problems.size(), problems::toString);
        assertEquals(file + ":3:5: data.train.csv: expected a finite decimal number, found \"x6\"", problems.get(0).toString());
        assertTrue(problems.get(1).toString().startsWith(file + ":4:1: data.train.csv: expected a class label from 0 to 2"),
                problems.get(1)::toString);
        assertEquals(file + ":5:1: data.train.csv: expected 5 fields (label and 4 values), found 3", problems.get(2).toString());
        assertTrue(Files.exists(data));
    }

    @Test
    void aCommaAtTheEndOfARowIsOneProblemThatSaysSo() {
        // it was two: the field count and the empty last field (QA, second pass)
        DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n1,0,255,10,20,\n0,1,2,3,4,5,x\n");
        List<Problem> problems = DataFiles.problems(config("train: {csv: ../data/d.csv}"));
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        assertEquals(List.of(file + ":2:1: data.train.csv: expected 5 fields (label and 4 values), found 6 (the last one"
                + " empty: a comma at the end of the line?)", file + ":3:1: data.train.csv: expected 5 fields (label and 4"
                + " values), found 7"), problems.stream().map(Problem::toString).toList());
    }

    @Test
    void theLabelAndTargetColumnsAreFoundByNameAnywhereInTheHeader() {
        DataFiles.write(tmp.resolve("data/last.csv"), "p0,p1,p2,p3,label\n0,255,10,20,1\n5,6,7,8,2\n");
        DataFiles.write(tmp.resolve("data/middle.csv"), "p0,p1,label,p2,p3\n0,255,1,10,20\n5,6,2,7,8\n");
        Pipeline last = DataFiles.read(config("train: {csv: ../data/last.csv}\ntest: {csv: ../data/middle.csv}"));
        assertArrayEquals(DataFiles.inputs(last.train()), DataFiles.inputs(last.test()));
        assertArrayEquals(new double[][] {{0, 255, 10, 20}, {5, 6, 7, 8}}, DataFiles.inputs(last.train()));
        assertEquals(2, last.test().label(1));

        DataFiles.write(tmp.resolve("data/t.csv"), "p0,p1,p2,p3,target_a,target_b,target_c\n0,1,2,3,0.5,-1,2\n");
        Pipeline targets = DataFiles.read(config("train: {csv: ../data/t.csv}"));
        double[] t = new double[3];
        targets.train().target(0, t, 0);
        assertArrayEquals(new double[] {0.5, -1, 2}, t, 0);
        assertArrayEquals(new double[][] {{0, 1, 2, 3}}, DataFiles.inputs(targets.train()));

        DataFiles.write(tmp.resolve("data/bad.csv"), "p0,p1,label,p2,p3\n0,255,x,10,20\n");
        String file = tmp.resolve("configs/../data/bad.csv").normalize().toString();
        assertEquals(List.of(file + ":2:7: data.train.csv: expected a class label from 0 to 2 (the network has 3 outputs),"
                + " found \"x\""), DataFiles.problems(config("train: {csv: ../data/bad.csv}")).stream()
                .map(Problem::toString).toList(), "the label's own column");
    }

    @Test
    void aHeaderThatDoesNotFitTheInputShapeIsReported() {
        DataFiles.write(tmp.resolve("data/a.csv"), "p0,p1,p2,p3,class\n0,0,0,0,1\n");
        DataFiles.write(tmp.resolve("data/b.csv"), "label,p0,p1\n1,0,0\n");
        List<Problem> problems = DataFiles.problems(config("train: {csv: ../data/a.csv}\ntest: {csv: ../data/b.csv}"));
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).toString().contains("a.csv:1:1: data.train.csv: expected a header line naming a 'label'"
                + " column (label,p0,...,p3) or target columns (target0,...,p0,...), found \"p0\" first and no such column"),
                problems.get(0)::toString);
        assertTrue(problems.get(1).toString().contains("b.csv:1:1: data.test.csv: expected 5 columns"), problems.get(1)::toString);
    }

    @Test
    void aHomeFolderTildeAndADeviceAreNamedForWhatTheyAre() {
        // "no such file: .../configs/~/x.csv" and "cannot read /dev/null" said nothing of why (QA, second pass)
        List<Problem> problems = DataFiles.problems(config("train: {csv: ~/x.csv}\ntest: {csv: /dev/null}"));
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).toString().endsWith("x.csv (a leading ~ is not your home folder here: write the path"
                + " out)"), problems.get(0)::toString);
        assertTrue(problems.get(1).toString().endsWith("data.test.csv: cannot read /dev/null: it is not a regular file"),
                problems.get(1)::toString);
    }

    @Test
    void aMissingFileIsReportedAtTheConfigKeyWithTheFetchCommand() {
        Path config = config("fetch: scripts/get-it.sh\ntrain: {csv: ../data/none.csv}");
        List<Problem> problems = DataFiles.problems(config);
        assertEquals(1, problems.size(), problems::toString);
        String msg = problems.get(0).toString();
        assertTrue(msg.startsWith(config + ":5:16: data.train.csv: no such file: "), msg);
        assertTrue(msg.endsWith("none.csv; fetch the data with: scripts/get-it.sh"), msg);
    }

    @Test
    void aBrokenGzipFileIsReportedAtTheFile() {
        byte[] z = DataFiles.gzip(CSV.getBytes(StandardCharsets.UTF_8));
        DataFiles.write(tmp.resolve("data/d.csv.gz"), java.util.Arrays.copyOf(z, z.length - 12));
        List<Problem> problems = DataFiles.problems(config("train: {csv: ../data/d.csv.gz}"));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).toString().contains("d.csv.gz: data.train.csv: "), problems.get(0)::toString);
    }

    @Test
    void utf16BinaryAndCrOnlyFilesAreNamedForWhatTheyAreNotAsOddHeaders() {
        // were "found "ÿþl\u0000a\u0000..." first and no such column" and "found 19 in the header" (QA, fifth pass)
        String text = "label,p0,p1,p2,p3\n1,0,1,2,3\n2,4,5,6,7\n";
        String file = tmp.resolve("configs/../data/d.csv").normalize().toString();
        String[] found = {"UTF-16 text (it starts with the byte-order mark FF FE); save it as UTF-8",
            "UTF-16 text (it starts with the byte-order mark FE FF); save it as UTF-8",
            "a NUL byte in the first line: is it a binary file?",
            "lines ending in CR alone (an old Mac text file: the whole file reads as one line); convert its line ends"
                    + " to LF or CRLF"};
        byte[][] bytes = {text.getBytes(StandardCharsets.UTF_16LE), text.getBytes(StandardCharsets.UTF_16BE),
            text.replace("p2", "p\0").getBytes(StandardCharsets.UTF_8),
            text.replace('\n', '\r').getBytes(StandardCharsets.UTF_8)};
        bytes[0] = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, bytes[0]);
        bytes[1] = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, bytes[1]);
        for (int i = 0; i < found.length; i++) {
            DataFiles.write(tmp.resolve("data/d.csv"), bytes[i]);
            assertEquals(List.of(file + ":1:1: data.train.csv: expected a CSV file of UTF-8 or ASCII text, found "
                    + found[i]), DataFiles.problems(config("train: {csv: ../data/d.csv}")).stream()
                    .map(Problem::toString).toList());
        }
        DataFiles.write(tmp.resolve("data/d.csv"), DataFiles.idx(new int[] {1, 2, 2}, new int[] {1, 2, 3, 4}));
        assertTrue(DataFiles.problems(config("train: {csv: ../data/d.csv}")).get(0).message().endsWith("found an IDX file"
                + " (it starts with the IDX magic 00 00): give IDX images and labels as {images: FILE, labels: FILE}"));
        DataFiles.write(tmp.resolve("data/d.csv"), text.replace("\n", "\r\n"));
        assertEquals(2, DataFiles.read(config("train: {csv: ../data/d.csv}")).train().size(), "CRLF is fine");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void manyBadLinesAreCappedWithACount() {
        StringBuilder b = new StringBuilder("label,p0,p1,p2,p3\n");
        for (int i = 0; i < 30; i++) {
            b.append("9,0,0,0,0\n");
        }
        DataFiles.write(tmp.resolve("data/d.csv"), b.toString());
        List<Problem> problems = DataFiles.problems(config("train: {csv: ../data/d.csv}"));
        assertEquals(FileErrors.MAX + 1, problems.size());
        assertEquals(1, problems.stream().filter(p -> p.message().equals("10 more problems in this file not shown")).count(),
                problems::toString);
        // listed after the file's shown problems, not first, and counted as ten (QA, fifth pass)
        assertEquals("10 more problems in this file not shown", problems.get(problems.size() - 1).message());
        Cli.Result r = Cli.run("validate", tmp.resolve("configs/c.yaml").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().endsWith("30 problems found (20 shown); nothing was run." + System.lineSeparator()), r::toString);
    }

    @Test
    void aBadFileIsReportedTogetherWithBadLayers() {
        DataFiles.write(tmp.resolve("data/d.csv"), "label,p0,p1,p2,p3\n1,0,x,10,20\n");
        Path config = DataFiles.write(tmp.resolve("configs/c.yaml"), DataFiles.config("[1, 2, 2]", 3,
                "train: {csv: ../data/d.csv}").replace("{type: flatten}", "{type: flatten, foo: 1}"));
        List<Problem> problems = DataFiles.problems(config);
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.toString().contains("d.csv:2:5: data.train.csv: expected a finite decimal number, found \"x\""),
                problems::toString);
        assertTrue(problems.toString().contains("layers[0].foo: unknown key 'foo'"), problems::toString);
    }
}
