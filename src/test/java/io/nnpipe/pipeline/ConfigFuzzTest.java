package io.nnpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.Problem;
import io.nnpipe.config.YamlLoader;
import io.nnpipe.testing.Layers;

/**
 * Coverage-guided fuzzing of the whole config reader — bytes to YAML tree to checked pipeline —
 * with Jazzer. The property: every input either loads or fails with {@link ConfigException}
 * carrying at least one located problem; any other exception or error (a bug: an internal error
 * for the user) fails the test, and Jazzer saves the input as a new seed.
 *
 * <p>Without {@code JAZZER_FUZZ} the test replays the seeds in {@code ConfigFuzzTestInputs/}; the
 * build sets {@code JAZZER_FUZZ=1} (pom.xml) so every {@code mvn test} also fuzzes for the bounded
 * time below. See docs/errors.md for the numbers.
 */
class ConfigFuzzTest {
    /** Small, so that no input can make the reader allocate much (absurd sizes are refused first). */
    private static final long MEMORY_LIMIT = 64L << 20;
    private static final PipelineReader READER = new PipelineReader(Layers.BUILTIN, MEMORY_LIMIT);

    @FuzzTest(maxDuration = "15s")
    void fuzzConfig(byte[] data) {
        try {
            Node root = YamlLoader.parse("fuzz.yaml", data);
            assertNotNull(READER.read(root, "fuzz", new Diagnostics()).network());
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty(), "a ConfigException without problems");
            for (Problem p : e.problems()) {
                assertNotNull(p.mark());
                assertFalse(p.message().isBlank(), "a problem without a message");
            }
        }
    }
}
