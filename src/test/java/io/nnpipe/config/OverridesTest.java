package io.nnpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.testing.Configs;
import io.nnpipe.testing.Layers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set path=value}: checked exactly like the file, located at the argument, never silently added. */
class OverridesTest {
    @TempDir
    Path tmp;

    private Pipeline read(String yaml, String... sets) {
        return new PipelineReader(Layers.BUILTIN).read(Configs.write(tmp, "c.yaml", yaml), List.of(sets));
    }

    private List<String> problems(String yaml, String... sets) {
        return assertThrows(ConfigException.class, () -> read(yaml, sets)).problems().stream().map(Problem::toString)
                .toList();
    }

    @Test
    void anOverrideIsCheckedWithTheSameMessageAsTheFile() {
        String inFile = problems(Configs.SMALL_CNN.replace("learning_rate: 0.1", "learning_rate: abc")).get(0);
        String bySet = problems(Configs.SMALL_CNN, "optimizer.learning_rate=abc").get(0);
        assertEquals(inFile.substring(inFile.indexOf(": optimizer.")), bySet.substring(bySet.indexOf(": optimizer.")));
        assertEquals("--set optimizer.learning_rate=abc: optimizer.learning_rate: expected a number > 0 and <= 1000000,"
                + " found the string \"abc\"", bySet);
    }

    @Test
    void anUnknownPathIsAnErrorAtTheArgumentWithASuggestion() {
        assertEquals(List.of("--set optimizer.learning_rat=0.05: optimizer.learning_rat: unknown key 'learning_rat'"
                + " (did you mean 'learning_rate'?); known keys here: type, momentum, nesterov, weight_decay, learning_rate,"
                + " schedule, clip_grad_norm, clip_grad_value"), problems(Configs.SMALL_CNN, "optimizer.learning_rat=0.05"));
        assertEquals("--set optimiser.learning_rate=0.05: optimiser: unknown key 'optimiser' (did you mean 'optimizer'?)",
                problems(Configs.SMALL_CNN, "optimiser.learning_rate=0.05").get(0).split(";")[0]);
    }

    @Test
    void pathsIntoListsAndScalarsAreCheckedBeforeTheSchema() {
        assertEquals(List.of("--set layers[9].units=3: layers[9].units: no element [9] at layers (it is a list of 4)",
                "--set loss.type=mse: loss.type: cannot set key 'type': loss is the string \"softmax_cross_entropy\", not a"
                        + " mapping", "--set units: expected path=value (e.g. optimizer.learning_rate=0.05), found \"units\""),
                problems(Configs.SMALL_CNN, "layers[9].units=3", "loss.type=mse", "units"));
    }

    @Test
    void anIndexBeyondTheIntegersIsAProblemNotACrash() {
        // layers[99999999999] threw a NumberFormatException: exit 70, "internal error" (QA, second pass)
        assertEquals(List.of("--set layers[99999999999].units=3: layers[99999999999].units: expected a list index from 0"
                + " to 2147483647, found [99999999999]"), problems(Configs.SMALL_CNN, "layers[99999999999].units=3"));
        assertEquals(List.of("--set layers[2147483647].units=3: layers[2147483647].units: no element [2147483647] at"
                + " layers (it is a list of 4)"), problems(Configs.SMALL_CNN, "layers[2147483647].units=3"));
    }

    @Test
    void aValueThatIsNotYamlIsReportedWithItsPosition() {
        assertEquals(List.of("--set layers[0].kernel=[2,: layers[0].kernel: in the value \"[2,\" at character 4: invalid"
                + " YAML: while parsing a flow node: expected the node content, but found '<stream end>'"),
                problems(Configs.SMALL_CNN, "layers[0].kernel=[2,"));
    }

    @Test
    void overridesAreAppliedInOrderAndRecordedInTheResolvedConfig() {
        Pipeline p = read(Configs.SMALL_CNN, "optimizer.learning_rate=0.5", "layers[3].units=3", "epochs=7",
                "optimizer.learning_rate=0.05", "output.trace=1-2");
        assertEquals(0.05, p.settings().learningRate());
        assertEquals(7, p.settings().epochs());
        assertEquals(3, p.network().outputShape().size());
        Map<?, ?> optimizer = (Map<?, ?>) p.resolved().get("optimizer");
        assertEquals(0.05, optimizer.get("learning_rate"));
        assertEquals(7, p.resolved().get("epochs"));
        assertEquals("1-2", ((Map<?, ?>) p.resolved().get("output")).get("trace"));
        assertEquals(3, ((Map<?, ?>) ((List<?>) p.resolved().get("layers")).get(3)).get("units"));
    }

    @Test
    void fileProblemsComeBeforeOverrideProblems() {
        List<String> found = problems(Configs.SMALL_CNN.replace("epochs: 2", "epochs: 0"), "seed=x");
        assertEquals(2, found.size());
        assertEquals(true, found.get(0).contains("c.yaml:1:9: epochs"), found.toString());
        assertEquals("--set seed=x: seed: expected an integer from -9223372036854775808 to 9223372036854775807,"
                + " found the string \"x\"", found.get(1));
    }
}
