package io.nnpipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.Problem;
import io.nnpipe.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeded train/test split, computed normalisation, and the same keys on inline samples. */
class SplitAndNormalizeTest {
    @TempDir
    Path tmp;

    /** 20 samples; sample i has the values i, 2i, 3i, 4i and label i % 3. */
    private Path config(String dataKeys) {
        StringBuilder csv = new StringBuilder("label,a,b,c,d\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i % 3).append(',').append(i).append(',').append(2 * i).append(',').append(3 * i).append(',')
                    .append(4 * i).append('\n');
        }
        DataFiles.write(tmp.resolve("d.csv"), csv.toString());
        return DataFiles.write(tmp.resolve("c.yaml"), DataFiles.config("[4]", 3, "train: {csv: d.csv}\n" + dataKeys));
    }

    private static int[] ids(Dataset d) {
        return IntStream.range(0, d.size()).map(i -> {
            double[] x = new double[4];
            d.input(i, x, 0);
            return (int) x[0];
        }).toArray();
    }

    @Test
    void splitIsSeededDisjointCompleteAndInFileOrder() {
        Pipeline p = DataFiles.read(config("split: {test: 0.25, seed: 3}"));
        int[] train = ids(p.train());
        int[] test = ids(p.test());
        assertEquals(15, train.length);
        assertEquals(5, test.length);
        int[] all = IntStream.concat(Arrays.stream(train), Arrays.stream(test)).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 20).toArray(), all);
        assertArrayEquals(Arrays.stream(train).sorted().toArray(), train, "file order");
        assertArrayEquals(test, ids(DataFiles.read(config("split: {test: 0.25, seed: 3}")).test()), "same seed, same split");
        assertFalse(Arrays.equals(test, ids(DataFiles.read(config("split: {test: 0.25, seed: 4}")).test())));
        assertArrayEquals(Split.of(20, 0.25, 3).test(), test, "documented algorithm");
    }

    @Test
    void splitSeedDefaultsToTheRunSeed() {
        Path c = config("split: 0.25");
        Pipeline p = DataFiles.read(c);
        assertArrayEquals(Split.of(20, 0.25, 0).test(), ids(p.test()));
    }

    @Test
    void normalizeTrainUsesOnlyTheTrainingSideAndIsRecorded() {
        Pipeline p = DataFiles.read(config("split: {test: 0.25, seed: 3}\nnormalize: train"));
        int[] train = Split.of(20, 0.25, 3).train();
        double sum = 0;
        for (int i : train) {
            sum += i + 2 * i + 3 * i + 4 * i;
        }
        double mean = sum / (4 * train.length);
        double sq = 0;
        for (int i : train) {
            for (int k = 1; k <= 4; k++) {
                sq += (k * i - mean) * (k * i - mean);
            }
        }
        double std = Math.sqrt(sq / (4 * train.length));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) p.resolved().get("data");
        @SuppressWarnings("unchecked")
        Map<String, Object> norm = (Map<String, Object>) data.get("normalize");
        assertEquals(mean, (Double) ((List<?>) norm.get("mean")).get(0), 1e-12);
        assertEquals(std, (Double) ((List<?>) norm.get("std")).get(0), 1e-12);
        double[] x = new double[4];
        p.test().input(0, x, 0);
        int id = Split.of(20, 0.25, 3).test()[0];
        assertEquals((3 * id - mean) / std, x[2], 1e-12, "the test side gets the training side's statistics");
    }

    @Test
    void splitAndTestTogetherAreRefused() {
        List<Problem> problems = DataFiles.problems(config("split: 0.5\ntest: {csv: d.csv}"));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).toString().contains("data.split: give either 'test'"), problems.get(0)::toString);
    }

    @Test
    void aSplitOfNoneOrAllOfTheDataNamesTheOpenRangeAndTheValueAsWritten() {
        for (String f : List.of("0", "1")) {
            List<Problem> problems = DataFiles.problems(config("split: " + f));
            assertEquals(List.of("data.split: expected a number > 0 and < 1, found " + f),
                    problems.stream().map(x -> x.path() + ": " + x.message()).toList());
        }
    }

    @Test
    void badDataKeysAreAllReportedWithTheirPlaces() {
        List<Problem> problems = DataFiles.problems(config("split: 1.5\nscale: -3\nnormalize: {mean: 0, std: 0}\nsclae: 2"));
        assertEquals(4, problems.size(), problems::toString);
        String all = problems.toString();
        assertTrue(all.contains("data.split: expected a number > 0 and < 1, found 1.5"), all);
        assertTrue(all.contains("data.scale: expected a positive number"), all);
        assertTrue(all.contains("data.normalize.std: expected positive finite numbers, found 0"), all);
        assertTrue(all.contains("data.sclae: unknown key 'sclae' (did you mean 'scale'?)"), all);
    }

    @Test
    void inlineSamplesTakeScaleAndNormalisationToo() {
        Path c = DataFiles.write(tmp.resolve("i.yaml"), DataFiles.config("[2]", 2,
                "train:\n  - {input: [0, 16], label: 0}\n  - {input: [8, 8], label: 1}\nscale: 16\nnormalize: {mean: 0.5, std: 0.5}"));
        Pipeline p = DataFiles.read(c);
        assertArrayEquals(new double[][] {{-1, 1}, {0, 0}}, DataFiles.inputs(p.train()));
        assertTrue(p.train().sources().isEmpty());
    }

    @Test
    void normalizeTrainOnValuesWhoseSquaresOverflowIsRefusedNotADivisionByInfinity() {
        // std .inf made every input 0 and the run trained on nothing without a word (QA, fifth pass)
        List<Problem> problems = DataFiles.problems(config("scale: {from: [0, 1e-300], to: [0, 1]}\nnormalize: train"));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).toString().endsWith("data.normalize: channel 0 of the training set has no finite"
                + " statistics (mean 2.3749999999999998e+301, std Infinity): its values are too large; scale them down"
                + " first (data.scale)"), problems::toString);
    }
}
