package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.output.RunFolder;
import io.nnpipe.output.RunLock;
import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} against golden folders that were damaged or made otherwise, as a CI job meets
 * them (QA, sixth pass): every damage is a difference (exit 1) or a note naming what differs —
 * never an unreadable-input exit 2 for a damaged golden file, never an unexplained mismatch — and
 * nothing is ever written into the golden folder.
 */
class VerifyGoldenFolderTest {
    private static final String CONFIG = """
            seed: 3
            epochs: 2
            batch_size: 4
            data:
              input_shape: [3]
              classes: 2
              train: {csv: data.csv}
            layers:
              - {type: dense, name: h, units: 4}
              - {type: tanh}
              - {type: dense, name: o, units: 2}
            loss: softmax_cross_entropy
            optimizer: {type: sgd, learning_rate: 0.1}
            """;
    private static final String DATA = "a,b,c,label\n0.1,0.2,0.3,0\n-1,0.5,2,1\n0.7,-0.2,0.1,0\n1.5,1,-1,1\n"
            + "0.3,0.3,0.3,0\n-0.4,2,0.9,1\n";

    @TempDir
    static Path tmp;
    static Path config;
    static Path golden;

    @BeforeAll
    static void makeAGoldenRun() throws IOException {
        config = Files.writeString(tmp.resolve("ci.yaml"), CONFIG);
        Files.writeString(tmp.resolve("data.csv"), DATA);
        golden = tmp.resolve("golden");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", golden.toString());
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void aGoldenRunThatStoppedIsMatchedWithoutPointingAtTheDeletedTemporaryFolder() throws IOException {
        Path stops = Files.writeString(tmp.resolve("stops.yaml"), """
                epochs: 2
                data: {input_shape: [1], train: [{input: [1], label: 0}, {input: [1], label: 1}]}
                layers:
                  - {type: dense, units: 2, weight: [[1000, -1000]], bias: false}
                  - {type: softmax}
                loss: binary_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path stopped = tmp.resolve("stopped-golden");
        Cli.Result train = Cli.run("-q", stops.toString(), "--out", stopped.toString());
        assertEquals(Exit.TRAINING_FAULT, train.exit(), train::toString);
        assertTrue(train.err().endsWith("The files in " + stopped + " hold everything up to the last complete step.\n"));
        Cli.Result r = Cli.run("verify", "-q", stops.toString(), "--golden", stopped.toString());
        assertEquals(Exit.OK, r.exit(), r::toString);
        assertTrue(r.out().startsWith("note: this run stopped on a training fault; comparing the files it wrote\n"),
                r.out());
        String firstLine = train.err().lines().findFirst().orElseThrow();
        assertEquals(firstLine + "\n", r.err()); // the same fault, and no "The files in /tmp/nnpipe-verify-..."
    }

    private static Cli.Result verify(Path against, String... extra) {
        List<String> a = new ArrayList<>(List.of("verify", config.toString(), "--golden", against.toString()));
        a.addAll(List.of(extra));
        return Cli.run(a.toArray(String[]::new));
    }

    private static Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> walk = Files.walk(golden)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(golden.relativize(p).toString()));
            }
        }
        return to;
    }

    /** Every file's bytes and modification time: what "nothing written" means. */
    private static Map<String, String> state(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                m.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p) + (Files.isRegularFile(p)
                        ? " " + java.util.Arrays.hashCode(Files.readAllBytes(p)) : ""));
            }
        }
        return m;
    }

    @Test
    void anEditedConfigIsNamedByTheFirstDifferingLineOfTheResolvedConfig() throws IOException {
        Path edited = Files.writeString(tmp.resolve("edited.yaml"), CONFIG.replace("learning_rate: 0.1", "learning_rate: 0.2"));
        Cli.Result r = Cli.run("verify", edited.toString(), "--golden", golden.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*note: the golden run was made from a different resolved config \\(its overrides: \\[\\];"
                + " these: \\[\\]\\); differences may come from that\n      first difference, line \\d+ of the resolved config:"
                + " golden learning_rate: 0.1, this run learning_rate: 0.2\n.*"), r.out());
    }

    @Test
    void changedDataAreNamedWithBothFilesContents() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("other-data"));
        Path moved = Files.writeString(dir.resolve("ci.yaml"), CONFIG);
        Files.writeString(dir.resolve("data.csv"), DATA.replace("0.1,0.2,0.3,0", "0.1,0.2,0.4,0"));
        Cli.Result r = Cli.run("verify", moved.toString(), "--golden", golden.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*note: the train data differ from the golden run's: golden data.csv \\(sha256 [0-9a-f]{12},"
                + " 90 bytes\\), this run data.csv \\(sha256 [0-9a-f]{12}, 90 bytes\\)\n.*"), r.out());
        assertFalse(r.out().contains("different resolved config"), "the config is the same: " + r.out());
    }

    @Test
    void emptyBinaryAndCutGoldenFilesAreDifferencesNamedForWhatTheyAre() throws IOException {
        Path empty = copy("empty");
        Files.writeString(empty.resolve("epochs.csv"), "");
        Cli.Result e = verify(empty);
        assertEquals(1, e.exit(), e::toString);
        assertTrue(e.out().contains("first difference: epochs.csv, (header): golden (empty file), this run epoch,train_loss"), e.out());
        assertTrue(e.out().contains("epochs.csv: the header differs (rows not compared)"), e.out());
        assertFalse(e.out().contains("null") || e.out().contains("0 of 0 rows"), e.out());

        Path binary = copy("binary");
        Files.write(binary.resolve("loss.csv"), new byte[] {'e', 'p', (byte) 0xff, (byte) 0xfe, 0, 1, '\n', (byte) 0xc3});
        Cli.Result b = verify(binary);
        assertEquals(1, b.exit(), "a damaged golden file is a difference, not bad input: " + b);
        assertTrue(b.out().contains("first difference: loss.csv, (encoding): golden not UTF-8 text, this run text"), b.out());
        assertEquals("", b.err());

        Path cut = copy("cut");
        List<String> loss = Files.readAllLines(cut.resolve("loss.csv"));
        Files.writeString(cut.resolve("loss.csv"), String.join("\n", loss.subList(0, 3)) + "\n" + loss.get(3).substring(0, 7));
        Cli.Result c = verify(cut);
        assertEquals(1, c.exit(), c::toString);
        assertTrue(c.out().contains("first difference: loss.csv, row 3 (line 4), (fields): golden 4 fields, this run 6 fields"), c.out());
        assertTrue(c.out().contains("; golden 3 rows, this run 4"), c.out());
    }

    @Test
    void aMissingOrCutRunYamlIsNotedAsUncheckableNotSilentlyTrusted() throws IOException {
        Path missing = copy("no-manifest");
        Files.delete(missing.resolve(RunFolder.MANIFEST));
        Cli.Result m = verify(missing);
        assertEquals(0, m.exit(), m::toString);
        assertTrue(m.out().contains("note: a run writes run.yaml last: without it the golden run may be incomplete"), m.out());

        Path cut = copy("cut-manifest");
        String text = Files.readString(cut.resolve(RunFolder.MANIFEST));
        Files.writeString(cut.resolve(RunFolder.MANIFEST), text.substring(0, text.indexOf("resolved_config:")));
        Cli.Result c = verify(cut);
        assertEquals(0, c.exit(), c::toString);
        assertTrue(c.out().contains("note: the golden run.yaml is incomplete (no resolved_config): which config made the golden"
                + " run cannot be checked"), c.out());
    }

    @Test
    void aGoldenFolderThatATrainingRunIsWritingIsRefused() throws IOException {
        Path busy = copy("busy");
        try (RunLock lock = RunLock.acquire(RunFolder.at(busy))) {
            assertTrue(RunLock.isHeld(busy));
            Cli.Result r = verify(busy);
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains("a training run is still writing " + busy), r.err());
        }
        assertFalse(RunLock.isHeld(busy));
        assertEquals(0, verify(busy).exit());
    }

    @Test
    void verifyNeverWritesIntoTheGoldenFolder() throws IOException {
        Path watched = copy("watched");
        Files.writeString(watched.resolve("epochs.csv"), "");
        Map<String, String> before = state(watched);
        verify(watched);
        verify(watched, "--threads", "3", "--rtol", "1e-9");
        verify(watched, "--set", "epochs=1");
        assertEquals(before, state(watched));
    }
}
