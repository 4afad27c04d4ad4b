package io.nnpipe.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.output.Sha256;
import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The committed golden runs (runs/golden/) still come out bit for bit, checked with {@code verify}
 * itself; and each golden folder is intact (its files have the SHA-256 its manifest lists).
 *
 * <p>Regenerating them is deliberate, never automatic: after a change that is meant to alter the
 * numbers, run {@code mvn test -Dtest=GoldenRunsTest -Dgolden.regenerate=true}, review the diff
 * ({@code git diff --stat runs/golden}) and say in the commit why the numbers changed.
 */
class GoldenRunsTest {
    private static final boolean REGENERATE = Boolean.getBoolean("golden.regenerate");
    private static final List<String> NAMES = List.of("doc-example", "doc-example-exact");

    @BeforeAll
    static void regenerateOnlyWhenAsked() throws IOException {
        if (REGENERATE) {
            for (String name : NAMES) {
                regenerate(name, Path.of("runs/golden", name));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"doc-example", "doc-example-exact"})
    void configReproducesItsGoldenRunBitForBit(String name) throws IOException {
        Path golden = Path.of("runs/golden", name);
        assertTrue(Files.isDirectory(golden), golden + " is committed (regenerate: -Dgolden.regenerate=true)");
        Cli.Result r = Cli.run("verify", "configs/" + name + ".yaml", "--golden", golden.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("104 files compared: 104 identical") && r.out().endsWith("\nMATCH\n"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"doc-example", "doc-example-exact"})
    void goldenFolderMatchesItsManifest(String name) throws IOException {
        Path golden = Path.of("runs/golden", name);
        Map<?, ?> manifest;
        try (Reader in = Files.newBufferedReader(golden.resolve("run.yaml"))) {
            manifest = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        Map<?, ?> outputs = (Map<?, ?>) manifest.get("outputs");
        assertEquals(104, outputs.size(), "loss, epochs, trace and 101 snapshots");
        outputs.forEach((file, sha) -> assertEquals(sha, Sha256.of(golden.resolve(file.toString())), file.toString()));
        assertFalse(Files.exists(golden.resolve("checkpoint.txt")), "resume state is not part of a golden run");
    }

    /** Trains the config into the golden folder afresh; no chart or report (not results); the checkpoint is dropped. */
    private static void regenerate(String name, Path golden) throws IOException {
        if (Files.exists(golden)) {
            try (Stream<Path> walk = Files.walk(golden)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Cli.Result r = Cli.run("-q", "configs/" + name + ".yaml", "--out", golden.toString(), "--threads", "1",
                "--no-report");
        assertEquals(0, r.exit(), r::toString);
        Files.delete(golden.resolve("checkpoint.txt"));
    }
}
