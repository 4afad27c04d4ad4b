package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify}: exit 0 on a match, 1 on a difference (with the first one named by file, row,
 * column and both values), 2 on bad input; and no temporary folder left behind in any case.
 */
class VerifyCommandTest {
    static final String CONFIG = "configs/doc-example.yaml";
    static final String[] SHORT = {"--epochs", "3", "--set", "optimizer.learning_rate=0.05"};

    @TempDir
    static Path tmp;
    static Path golden;
    Set<String> tempBefore;

    @BeforeAll
    static void makeAGoldenRun() {
        golden = tmp.resolve("golden");
        Cli.Result r = Cli.run(args("-q", CONFIG, "--out", golden.toString()));
        assertEquals(0, r.exit(), r::toString);
    }

    @BeforeEach
    void listTemporaryFolders() throws IOException {
        tempBefore = verifyFolders();
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        assertEquals(tempBefore, verifyFolders(), "verify deletes its temporary run folder");
    }

    static String[] args(String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of(SHORT));
        return a.toArray(String[]::new);
    }

    static Cli.Result verify(Path against, String... extra) {
        List<String> a = new ArrayList<>(List.of(args("verify", CONFIG, "--golden", against.toString())));
        a.addAll(List.of(extra));
        return Cli.run(a.toArray(String[]::new));
    }

    /** A copy of the golden run to alter. */
    static Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> walk = Files.walk(golden)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(golden.relativize(p).toString()));
            }
        }
        return to;
    }

    /** Replaces field {@code column} of data row {@code row} (from 1) of a CSV file. */
    static void setField(Path csv, int row, int column, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] f = lines.get(row).split(",", -1);
        f[column] = value;
        lines.set(row, String.join(",", f));
        Files.write(csv, lines);
    }

    @Test
    void theSameRunMatchesBitForBit() {
        Cli.Result r = verify(golden);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("(bit for bit)") && r.out().contains("7 files compared: 7 identical")
                && r.out().endsWith("MATCH\n"), r.out());
        assertTrue(r.out().contains("golden run: nnpipe ") && r.out().contains("Java " + System.getProperty("java.version")), r.out());
    }

    @Test
    void aChangedValueIsReportedWithFileRowColumnAndBothValues() throws IOException {
        Path altered = copy("altered-value");
        String original = Files.readAllLines(altered.resolve("loss.csv")).get(4).split(",")[3];
        setField(altered.resolve("loss.csv"), 4, 3, "0.25");
        Cli.Result r = verify(altered);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("first difference: loss.csv, row 4 (line 5), column loss: golden 0.25, this run "
                + original + "\n"), r.out());
        assertTrue(r.out().contains("loss.csv: 1 of 6 rows differ (1 value); max abs diff"), r.out());
        assertTrue(r.out().contains("7 files compared: 6 identical, 0 within tolerance, 1 different") && r.out().endsWith("DIFFERENT\n"), r.out());
    }

    @Test
    void aToleranceAcceptsSmallDifferencesButNotLargeOnes() throws IOException {
        Path altered = copy("altered-slightly");
        Path snapshot = altered.resolve("weights/epoch-0003.csv");
        double v = Double.parseDouble(Files.readAllLines(snapshot).get(1).split(",")[3]);
        setField(snapshot, 1, 3, Double.toString(v * (1 + 1e-9)));
        assertEquals(1, verify(altered).exit(), "bit for bit by default");
        Cli.Result close = verify(altered, "--rtol", "1e-6");
        assertEquals(0, close.exit(), close::toString);
        assertTrue(close.out().contains("weights/epoch-0003.csv: 1 of 22 rows differ (1 value, all within the tolerance)")
                && close.out().contains("1 within tolerance"), close.out());
        assertEquals(1, verify(altered, "--rtol", "1e-12").exit(), "outside a tighter tolerance");
        assertEquals(0, verify(altered, "--atol", "1e-6").exit());
    }

    @Test
    void keyColumnsAreExactEvenWithATolerance() throws IOException {
        Path altered = copy("altered-step");
        setField(altered.resolve("loss.csv"), 2, 1, "3");
        Cli.Result r = verify(altered, "--atol", "10");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("loss.csv, row 2 (line 3), column step: golden 3, this run 2"), r.out());
    }

    @Test
    void missingExtraFilesHeadersAndRowCountsAreDifferences() throws IOException {
        Path missing = copy("missing-file");
        Files.delete(missing.resolve("weights/epoch-0002.csv"));
        Cli.Result extra = verify(missing);
        assertEquals(1, extra.exit());
        assertTrue(extra.out().contains("first difference: weights/epoch-0002.csv is in this run but not in the golden one"), extra.out());

        Path more = copy("more-files");
        Files.writeString(more.resolve("weights/epoch-0004.csv"), "layer,param,index,value\n");
        Cli.Result lacking = verify(more);
        assertEquals(1, lacking.exit());
        assertTrue(lacking.out().contains("weights/epoch-0004.csv: missing in this run") && lacking.out().contains("1 missing"), lacking.out());

        Path header = copy("header");
        List<String> lines = new ArrayList<>(Files.readAllLines(header.resolve("epochs.csv")));
        lines.set(0, lines.get(0).replace("train_loss", "loss"));
        Files.write(header.resolve("epochs.csv"), lines);
        Cli.Result h = verify(header);
        assertEquals(1, h.exit());
        assertTrue(h.out().contains("first difference: epochs.csv, (header): golden epoch,loss,"), h.out());

        Path rows = copy("rows");
        List<String> loss = Files.readAllLines(rows.resolve("loss.csv"));
        Files.write(rows.resolve("loss.csv"), loss.subList(0, loss.size() - 2));
        Cli.Result r = verify(rows);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("first difference: loss.csv, row 5 (line 6), (row count): golden 4 rows, this run 6 rows"
                + "\n  golden:   (no row)\n  this run: 3,5,1,"), r.out());
    }

    @Test
    void anEvaluationWrittenIntoTheGoldenRunIsNotAnOutputOfTraining() throws IOException {
        // evaluate's default --out is evaluation-<snapshot>.csv in the run folder; verify used to
        // report it as "missing in this run", so evaluating a golden run broke its CI check
        Path evaluated = copy("evaluated");
        Cli.Result e = Cli.run("evaluate", CONFIG, "--weights", evaluated.resolve("weights/epoch-0003.csv").toString(),
                "--data", "train", "--epochs", "3", "--set", "optimizer.learning_rate=0.05");
        assertEquals(0, e.exit(), e::toString);
        assertTrue(Files.exists(evaluated.resolve("evaluation-epoch-0003.csv")));
        Cli.Result r = verify(evaluated);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("7 files compared: 7 identical"), r.out());
    }

    @Test
    void aRunYamlThatIsNoManifestIsNamedAsUnreadableNotPrintedAsNulls() throws IOException {
        Path run = copy("other-yaml-manifest");
        Files.writeString(run.resolve("run.yaml"), "::: not a manifest [\n");
        Cli.Result r = verify(run);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("golden run: no readable run.yaml"), r.out());
        assertFalse(r.out().contains("null"), r.out());
    }

    @Test
    void aDifferentConfigIsPointedOut() {
        Cli.Result r = Cli.run("verify", CONFIG, "--golden", golden.toString(), "--epochs", "3");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("note: the golden run was made from a different resolved config (its overrides: "
                + "[optimizer.learning_rate=0.05, epochs=3]; these: [epochs=3])"), r.out());
    }

    @Test
    void badInputExitsWithTwo() {
        Cli.Result noGolden = Cli.run("verify", CONFIG);
        assertEquals(2, noGolden.exit());
        assertTrue(noGolden.err().contains("verify needs --golden DIR"), noGolden.err());
        Cli.Result absent = Cli.run("verify", CONFIG, "--golden", tmp.resolve("absent").toString());
        assertEquals(2, absent.exit());
        assertTrue(absent.err().contains("is not a folder"), absent.err());
        Cli.Result rtol = Cli.run("verify", CONFIG, "--golden", golden.toString(), "--rtol", "-1");
        assertEquals(2, rtol.exit());
        assertTrue(rtol.err().contains("--rtol: expected a number >= 0, found \"-1\""), rtol.err());
        Cli.Result config = Cli.run("verify", "configs/nope.yaml", "--golden", golden.toString());
        assertEquals(2, config.exit());
        Cli.Result badSet = Cli.run("verify", CONFIG, "--golden", golden.toString(), "--set", "epochs=0");
        assertEquals(2, badSet.exit(), badSet::toString);
        assertEquals("", badSet.out());
    }

    @Test
    void aGoldenFolderWithoutCsvFilesIsBadInput() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("no-csv"));
        Cli.Result r = verify(empty);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("holds no CSV files"), r.err());
    }

    private static Set<String> verifyFolders() throws IOException {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nnpipe-verify-"))
                    .collect(Collectors.toSet());
        }
    }
}
