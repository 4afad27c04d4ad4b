package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import io.nnpipe.testing.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs with {@code sigmoid_cross_entropy}: a logit that saturates a sigmoid trains on (where
 * {@code sigmoid} + {@code binary_cross_entropy} stops), one output counts class 1 from logit 0 in
 * {@code epochs.csv}, {@code evaluate} and {@code predict} (which write the logits), and a
 * multi-label step's loss is the hand sum.
 */
class SigmoidCrossEntropyRunTest {
    @TempDir
    Path tmp;

    private static final String SATURATED = """
            epochs: 2
            data: {input_shape: [1], train: [{input: [1], label: 0}, {input: [-1], label: 1}]}
            layers:
              - {type: dense, units: 1, weight: [[1000]], bias: false}
            LAST
            optimizer: {type: sgd, learning_rate: 0.1}
            """;

    @Test
    void aSaturatedLogitTrainsOnWhereSigmoidThenBinaryCrossEntropyStops() {
        Path bce = Configs.write(tmp, "bce.yaml", SATURATED.replace("LAST", "  - {type: sigmoid}\nloss: binary_cross_entropy"));
        Cli.Result stopped = Cli.run("-q", bce.toString(), "--out", tmp.resolve("bce").toString());
        assertEquals(Exit.TRAINING_FAULT, stopped.exit(), stopped.toString());

        Path logits = Configs.write(tmp, "logits.yaml", SATURATED.replace("LAST", "loss: sigmoid_cross_entropy"));
        Cli.Result r = Cli.run("-q", logits.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        // step 1: logit 1000 for label 0 costs exactly 1000 (+ log1p(e^-1000) = 0); gradient 1, so the
        // weight moves by -0.1 · 1 · 1 = -0.1: step 2 sees the logit -999.9 for label 1
        Csv loss = Csv.read(tmp.resolve("run/loss.csv"));
        assertEquals("1000", loss.rows().get(0).get("loss"));
        assertEquals(999.9, Double.parseDouble(loss.rows().get(1).get("loss")), 1e-12);
        assertEquals("", stopped.out());
    }

    @Test
    void oneOutputCountsClassOneFromLogitZeroInAccuracyEvaluateAndPredict() throws IOException {
        // logits 0.3, -0.2, 0.1 (weight 1): predicted 1, 0, 1 against labels 1, 0, 0 — two of three;
        // a threshold of 0.5 on the logits would predict 0, 0, 0 (one of three)
        String samples = "[{input: [0.3], label: 1}, {input: [-0.2], label: 0}, {input: [0.1], label: 0}]";
        Path config = Configs.write(tmp, "binary.yaml", """
                epochs: 1
                batch_size: 3
                data: {input_shape: [1], train: SAMPLES, test: SAMPLES}
                layers:
                  - {type: dense, units: 1, weight: [[1]], bias: false}
                loss: sigmoid_cross_entropy
                optimizer: {type: sgd, learning_rate: 1e-9}
                """.replace("SAMPLES", samples));
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", run.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        Map<String, String> epoch = Csv.read(run.resolve("epochs.csv")).rows().get(0);
        assertEquals(2.0 / 3, Double.parseDouble(epoch.get("train_accuracy")));
        assertEquals(2.0 / 3, Double.parseDouble(epoch.get("test_accuracy")));

        Path weights = run.resolve("weights/epoch-0000.csv");
        Path predictions = tmp.resolve("eval.csv");
        Cli.Result e = Cli.run("evaluate", "-q", config.toString(), "--weights", weights.toString(), "--out",
                tmp.resolve("evaluation.csv").toString(), "--predictions", predictions.toString());
        assertEquals(Exit.OK, e.exit(), e.toString());
        List<Map<String, String>> rows = Csv.read(predictions).rows();
        assertEquals(List.of("1", "0", "1"), rows.stream().map(x -> x.get("predicted")).toList());

        Path input = Files.writeString(tmp.resolve("new.csv"), "x\n0.3\n-0.2\n0\n-0.0\n");
        Cli.Result p = Cli.run("predict", "-q", config.toString(), "--weights", weights.toString(), "--input",
                input.toString());
        assertEquals(Exit.OK, p.exit(), p.toString());
        // the outputs are the logits themselves, as for softmax_cross_entropy (no sigmoid applied)
        assertEquals("sample,predicted,output_0\n1,1,0.3\n2,0,-0.2\n3,1,0\n4,1,0\n", p.out());
    }

    @Test
    void aMultiLabelStepCostsTheSumOverOutputsAndHasNoAccuracy() {
        Path config = Configs.write(tmp, "multi.yaml", """
                epochs: 1
                data: {input_shape: [1], train: [{input: [2], target: [1, 0, 1]}]}
                layers:
                  - {type: dense, units: 3, weight: [[1, -2, 0.5]], bias: false}
                loss: {type: sigmoid_cross_entropy, pos_weight: [1, 1, 1]}
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("-q", config.toString(), "--out", run.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        // logits 2, -4, 1 against 1, 0, 1: Σ max(z,0) - z t + log(1 + e^-|z|)
        double expected = Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-4)) + Math.log1p(Math.exp(-1));
        assertEquals(expected, Double.parseDouble(Csv.read(run.resolve("loss.csv")).rows().get(0).get("loss")), 1e-15);
        assertEquals("", Csv.read(run.resolve("epochs.csv")).rows().get(0).get("train_accuracy"));
    }

    @Test
    void aFinalSigmoidOrAWrongPosWeightIsRefusedWithWhereItIs() {
        Path config = Configs.write(tmp, "twice.yaml", SATURATED.replace("LAST",
                "  - {type: sigmoid}\nloss: sigmoid_cross_entropy"));
        Cli.Result r = Cli.run("validate", config.toString());
        assertEquals(Exit.BAD_INPUT, r.exit(), r.toString());
        assertEquals(config + ":6:7: loss: sigmoid_cross_entropy applies the sigmoid itself and expects raw scores"
                + " (logits); remove the final sigmoid layer, or use 'binary_cross_entropy' on probabilities (the last"
                + " layer is layer 'sigmoid_1' (sigmoid, line 5))\n1 problem found; nothing was run.\n", r.err());
        Path weights = Configs.write(tmp, "weights.yaml", SATURATED.replace("LAST",
                "loss: {type: sigmoid_cross_entropy, pos_weight: [1, 2]}"));
        Cli.Result w = Cli.run("validate", weights.toString());
        assertEquals(Exit.BAD_INPUT, w.exit(), w.toString());
        assertEquals(weights + ":5:7: loss: sigmoid_cross_entropy's pos_weight has 2 values; expected one number, or 1"
                + " (one per output of the network) (the last layer is layer 'dense_1' (dense, line 4))\n1 problem found;"
                + " nothing was run.\n", w.err());
    }
}
