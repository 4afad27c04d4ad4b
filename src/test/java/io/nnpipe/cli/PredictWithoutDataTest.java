package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.data.DeclaredData;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.plugin.Registry;
import io.nnpipe.testing.Cli;
import io.nnpipe.testing.DigitsNetwork;
import io.nnpipe.train.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} on a machine without the config's data files (QA's fifth pass): a config and a
 * snapshot copied there predict the same bytes as at home, unless {@code normalize: train} has to
 * compute its statistics, which is refused with what to do; whether the outputs are classes is
 * decided as reading the training set decides it.
 */
class PredictWithoutDataTest {
    private static final Registry REGISTRY = Registry.discover(PredictWithoutDataTest.class.getClassLoader());
    @TempDir
    static Path tmp;
    /** The config's folder with its data (data/train.csv, data/test.csv). */
    static Path home;
    /** Another folder holding only configs: no data. */
    static Path away;
    static Path weights;
    static Path runYaml;
    static Path input;

    @BeforeAll
    static void trainAtHome() throws IOException {
        home = Files.createDirectories(tmp.resolve("home/data")).getParent();
        away = Files.createDirectories(tmp.resolve("away"));
        List<String> lines = DigitsNetwork.lines(180);
        Files.write(home.resolve("data/train.csv"), lines.subList(0, 151));
        Files.write(home.resolve("data/test.csv"), concat(lines.get(0), lines.subList(151, 181)));
        StringBuilder in = new StringBuilder(DigitsNetwork.pixelHeader()).append('\n');
        lines.subList(151, 171).forEach(l -> in.append(l, l.indexOf(',') + 1, l.length()).append('\n'));
        input = Files.writeString(tmp.resolve("new-samples.csv"), in.toString());
        Path config = digits(home, "trained", "split: {test: 0.25, seed: 5}", "normalize: train");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exit(), r::toString);
        weights = tmp.resolve("run/weights/epoch-0001.csv");
        runYaml = tmp.resolve("run/run.yaml");
    }

    @Test
    void theStatisticsCopiedFromRunYamlPredictTheSameBytesWithoutTheData() throws IOException {
        String run = Files.readString(runYaml);
        Matcher m = Pattern.compile("\n    normalize:\n      from: train\n      mean: (\\[.*])\n      std: (\\[.*])\n")
                .matcher(run.substring(run.indexOf("resolved_config:")));
        assertTrue(m.find(), run);
        String recorded = "normalize: {from: train, mean: " + m.group(1) + ", std: " + m.group(2) + "}";
        String split = "split: {test: 0.25, seed: 5}";
        assertSameBytes(digits(home, "trained", split, "normalize: train"), digits(away, "recorded", split, recorded));
        assertSameBytes(digits(home, "recorded", split, recorded), digits(away, "recorded", split, recorded));
    }

    @Test
    void scaleOnlyAndGivenStatisticsNeedNoDataFiles() throws IOException {
        String test = "test: {csv: data/test.csv}";
        assertSameBytes(digits(home, "scale-only", test, ""), digits(away, "scale-only", test, ""));
        String given = "normalize: {mean: 0.3, std: 0.4}";
        assertSameBytes(digits(home, "given", test, given), digits(away, "given", test, given));
    }

    @Test
    void normalizeTrainWithoutTheTrainingDataIsRefusedWithWhatToDoAndNothingIsWritten() throws IOException {
        for (String normalize : List.of("normalize: train", "normalize: {from: train}")) {
            Path config = digits(away, "computes", "split: 0.25", normalize);
            Path out = tmp.resolve("refused.csv");
            Cli.Result r = Cli.run("predict", "-q", config.toString(), "--weights", weights.toString(),
                    "--input", input.toString(), "--out", out.toString());
            assertEquals(2, r.exit(), r::toString);
            // line 10 is "  normalize: ...", its value at column 14
            assertTrue(r.err().startsWith(config + ":10:14: data.normalize: the statistics are computed from the"
                    + " training data, and " + away.resolve("data/train.csv") + " does not exist: give the training"
                    + " data, or write the statistics into the config as normalize: {from: train, mean: [...],"
                    + " std: [...]}, copied from the run folder's run.yaml, where a run records them under"
                    + " resolved_config.data.normalize\n"), r.err());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void classesAreDecidedAsReadingTheTrainingSetDecidesThem() throws IOException {
        String three = "  - {type: dense, name: out, units: 3}\n";
        String one = "  - {type: dense, name: out, units: 1}\n  - {type: sigmoid}\n";
        assertClasses(true, "label,a,b\n2,1,2\n0,3,4\n", three, "softmax_cross_entropy");
        assertClasses(true, "a,label,b\n1,1,2\n3,0,4\n", three, "mse"); // labels with mse: still classes
        assertClasses(false, "target0,target1,target2,a,b\n0.2,0.3,0.5,1,2\n1,0,0,3,4\n", three, "softmax_cross_entropy");
        assertClasses(false, "target0,target1,target2,a,b\n0.5,-1,7,1,2\n1,2,3,3,4\n", three, "mse");
        assertClasses(true, "\"a\",\"b\",\"label\"\n1,2,1\n3,4,0\n", one, "binary_cross_entropy");
        assertClasses(false, "target0,a,b\n0.7,1,2\n0.1,3,4\n", one, "binary_cross_entropy");
    }

    @Test
    void inlineAndIdxSamplesDecideClassesWithoutTheirFiles() throws IOException {
        String three = "  - {type: dense, name: out, units: 3}\n";
        Path labels = tiny(away, "one-hot", "[{input: [1, 2], label: [0, 1, 0]}, {input: [3, 4], label: 2}]", three,
                "softmax_cross_entropy");
        assertTrue(PredictCommand.classes(readWithoutData(labels), away));
        Path targets = tiny(away, "soft", "[{input: [1, 2], label: 1}, {input: [3, 4], target: [0.5, 0.5, 0]}]", three,
                "softmax_cross_entropy");
        assertFalse(PredictCommand.classes(readWithoutData(targets), away));
        Path idx = tiny(away, "idx", "{images: absent-images.idx, labels: absent-labels.idx}", three, "mse");
        assertTrue(PredictCommand.classes(readWithoutData(idx), away));
    }

    @Test
    void anAbsentCsvIsTakenAsClassesExactlyWhenDataClassesIsGiven() throws IOException {
        String three = "  - {type: dense, name: out, units: 3}\n";
        Path declared = tiny(away, "declared", "{csv: absent.csv}\n  classes: 3", three, "softmax_cross_entropy");
        assertTrue(PredictCommand.classes(readWithoutData(declared), away));
        Path undeclared = tiny(away, "undeclared", "{csv: absent.csv}", three, "softmax_cross_entropy");
        assertFalse(DeclaredData.ofTraining(readWithoutData(undeclared).resolved(), away).classes()); // and a warning
        Path snapshot = Files.writeString(tmp.resolve("tiny-weights.csv"), "layer,param,index,value\n"
                + "out,weight,0,1\nout,weight,1,0\nout,weight,2,0\nout,weight,3,0\nout,weight,4,1\nout,weight,5,0\n"
                + "out,bias,0,0\nout,bias,1,0\nout,bias,2,0\n");
        Path samples = Files.writeString(tmp.resolve("tiny-input.csv"), "a,b\n1,2\n");
        Cli.Result r = Cli.run("predict", "-q", declared.toString(), "--weights", snapshot.toString(), "--input", samples.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("sample,predicted,output_0,output_1,output_2\n1,1,1,2,0\n", r.out());
        // the assumption is logged (as information: -q above keeps it off stderr)
        assertEquals("the training file " + away.resolve("absent.csv") + " is not here to say whether its samples are"
                + " class labels or targets: the predicted column is filled, as data.classes is given",
                DeclaredData.ofTraining(readWithoutData(declared).resolved(), away).assumption());
        assertEquals(null, DeclaredData.ofTraining(readWithoutData(tiny(away, "idx-too",
                "{images: absent-images.idx, labels: absent-labels.idx}", three, "mse")).resolved(), away).assumption());
    }

    /**
     * The training CSV {@code csv} at home decides classes as {@code expected}: read as training reads
     * it, and declared without reading its samples, with the file there (its header decides).
     */
    private static void assertClasses(boolean expected, String csv, String layers, String loss) throws IOException {
        String name = "classes-" + Integer.toHexString((csv + loss).hashCode());
        Files.writeString(home.resolve(name + ".csv"), csv);
        Path config = tiny(home, name, "{csv: " + name + ".csv}", layers, loss);
        Pipeline read = new PipelineReader(REGISTRY).read(config, List.of());
        assertEquals(expected, Metrics.hasClasses(read.train()), csv);
        Pipeline declared = readWithoutData(config);
        assertNull(declared.train());
        assertEquals(expected, PredictCommand.classes(declared, home), csv);
    }

    private static Pipeline readWithoutData(Path config) {
        return new PipelineReader(REGISTRY).withoutData().read(config, List.of());
    }

    /** Predicts {@code input} with both configs: the same bytes, and classes in both. */
    private static void assertSameBytes(Path withData, Path withoutData) throws IOException {
        Path a = tmp.resolve("a.csv");
        Path b = tmp.resolve("b.csv");
        for (Path[] run : new Path[][] {{withData, a}, {withoutData, b}}) {
            Cli.Result r = Cli.run("predict", "-q", run[0].toString(), "--weights", weights.toString(),
                    "--input", input.toString(), "--out", run[1].toString());
            assertEquals(0, r.exit(), r::toString);
        }
        assertEquals(-1, Files.mismatch(a, b), Files.readString(a) + "\n---\n" + Files.readString(b));
        assertTrue(Files.readString(b).startsWith("sample,predicted,output_0,"));
        assertTrue(Files.readString(b).lines().skip(1).allMatch(l -> l.matches("\\d+,\\d,.*")), Files.readString(b));
    }

    /** The digits network (batch norm, dropout), data/train.csv relative to {@code dir}. */
    private static Path digits(Path dir, String name, String testOrSplit, String normalize) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), DigitsNetwork.config("""
                seed: 3
                epochs: 1
                batch_size: 16
                """, """
                  train: {csv: data/train.csv}
                  %s
                  scale: 16
                  %s
                """.formatted(testOrSplit, normalize)));
    }

    /** Two inputs, the given layers and loss; {@code train} as written under data. */
    private static Path tiny(Path dir, String name, String train, String layers, String loss) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                epochs: 1
                data:
                  input_shape: [2]
                  train: %s
                layers:
                %sloss: %s
                optimizer: {type: sgd, learning_rate: 0.1}
                """.formatted(train, layers, loss));
    }

    private static List<String> concat(String header, List<String> rows) {
        List<String> all = new java.util.ArrayList<>(List.of(header));
        all.addAll(rows);
        return all;
    }
}
