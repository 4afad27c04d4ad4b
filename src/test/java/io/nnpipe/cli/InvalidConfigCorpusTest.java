package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every config in {@code src/test/resources/invalid/} through the real command line. Each file
 * states in its leading comments what must be reported: {@code # expect: LINE: FRAGMENT} (one or
 * more: a line of stderr must start with {@code FILE:LINE:} and contain the fragment) and
 * {@code # problems: N} (exactly N problems, so one mistake never produces follow-on errors). Both
 * {@code validate} and {@code train} must exit 2 without a stack trace, and {@code train} must not
 * create its run folder.
 */
class InvalidConfigCorpusTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "invalid");
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+): (.*)");
    private static final Pattern PROBLEMS = Pattern.compile("# problems: (\\d+)");

    /** What a corpus file says must be reported. */
    record Expectation(int line, String fragment) {
    }

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void corpusHasAtLeastThirtyConfigs() throws IOException {
        assertTrue(corpus().count() >= 30, "the corpus has " + corpus().count() + " configs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyProblemIsReportedWithItsLineAndNothingIsWritten(Path file, @TempDir Path tmp) throws IOException {
        List<String> header = header(file);
        List<Expectation> expected = expectations(header);
        int count = problemCount(header);
        assertFalse(expected.isEmpty(), file + " states no '# expect: LINE: FRAGMENT'");
        String config = file.toAbsolutePath().toString();

        Cli.Result validate = Cli.run("validate", config);
        check(validate, config, expected, count);
        assertEquals("", validate.out(), "validate printed a table for an invalid config");

        Path out = tmp.resolve("run");
        Cli.Result train = Cli.run("--out", out.toString(), config);
        check(train, config, expected, count);
        assertFalse(Files.exists(out), "the run folder was created for an invalid config");
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        assertFalse(Files.exists(Path.of("runs", name)), "runs/" + name + " was created");
    }

    private static void check(Cli.Result r, String config, List<Expectation> expected, int count) {
        assertEquals(Exit.BAD_INPUT, r.exit(), r.toString());
        List<String> lines = r.err().lines().toList();
        for (Expectation e : expected) {
            String prefix = config + ":" + e.line() + ":";
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix) && l.contains(e.fragment())),
                    "expected a line starting '" + prefix + "' containing '" + e.fragment() + "'\n" + r);
        }
        String summary = count == 1 ? "1 problem found; nothing was run." : count + " problems found; nothing was run.";
        assertTrue(lines.contains(summary), "expected '" + summary + "'\n" + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "a stack trace or exception name\n" + r);
    }

    /** The leading comment lines (read as Latin-1, so that files with broken UTF-8 can state theirs). */
    private static List<String> header(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).replace("\u00ef\u00bb\u00bf", "");
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (!line.startsWith("#")) {
                break;
            }
            out.add(line);
        }
        return out;
    }

    private static List<Expectation> expectations(List<String> header) {
        List<Expectation> out = new ArrayList<>();
        for (String line : header) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                out.add(new Expectation(Integer.parseInt(m.group(1)), new String(m.group(2)
                        .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static int problemCount(List<String> header) {
        for (String line : header) {
            Matcher m = PROBLEMS.matcher(line);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no '# problems: N' line");
    }
}
