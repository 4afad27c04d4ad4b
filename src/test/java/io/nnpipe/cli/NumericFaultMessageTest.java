package io.nnpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.testing.Cli;
import io.nnpipe.testing.Configs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run that goes numerically wrong is stopped (exit 3) with the cause it can see, not a
 * generic "try a smaller learning rate": the sample and output of an infinite loss, an optimizer's
 * own 0/0 (QA's eighth pass).
 */
class NumericFaultMessageTest {
    @TempDir
    Path tmp;

    private String fault(String yaml) {
        Path config = Configs.write(tmp, "fault.yaml", yaml);
        Cli.Result r = Cli.run("-q", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(Exit.TRAINING_FAULT, r.exit(), r.toString());
        String first = r.err().lines().findFirst().orElse("").substring("error: training stopped: ".length());
        // after "the loss became X at epoch E, step S (samples ...); " when it starts so
        return first.startsWith("the loss became") ? first.substring(first.indexOf("); ") + 3) : first;
    }

    @Test
    void aSigmoidSaturatedToExactlyOneForTargetZeroNamesTheSampleAndOutput() {
        // sigmoid(40) is exactly 1.0 in double: sample 3 (target 0) costs -log(1 - 1) = +Infinity.
        // Step 1's samples are saturated but right (loss 0, gradient 0), so the weight never moved.
        assertEquals("every layer's output was finite, so the loss 'binary_cross_entropy' itself gave Infinity: sample"
                + " 3's loss is Infinity; its output 0 is exactly 1 where the target is 0, so log(1 - p) = -Infinity: the"
                + " final softmax or sigmoid saturated (the loss does not clamp the log, unlike PyTorch's BCELoss;"
                + " docs/config.md). Try a smaller learning rate.", fault("""
                epochs: 1
                batch_size: 2
                shuffle: false
                data:
                  input_shape: [1]
                  train: [{input: [40], label: 1}, {input: [-40], label: 0}, {input: [40], label: 0}, {input: [1], label: 1}]
                layers: [{type: dense, units: 1, weight: [[1]], bias: false}, {type: sigmoid}]
                loss: binary_cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """));
    }

    @Test
    void crossEntropyOnASoftmaxThatUnderflowedNamesTheOutputAndPointsToSoftmaxCrossEntropy() {
        // scores 0 and 800: the softmax's first output is exp(-800) = 0 exactly, and it is sample 1's class
        assertEquals("every layer's output was finite, so the loss 'cross_entropy' itself gave Infinity: sample 1's loss"
                + " is Infinity; its output 0 is exactly 0 where the target is 1, so log p = -Infinity: the final softmax"
                + " or sigmoid saturated (the loss does not clamp the log, unlike PyTorch's BCELoss; docs/config.md);"
                + " softmax_cross_entropy on the raw scores (without the softmax layer) takes the log of no rounded"
                + " probability. This happened before any update, so the learning rate is not the cause: check the scale"
                + " of the inputs and of the initial weights.", fault("""
                epochs: 1
                data: {input_shape: [1], classes: 2, train: [{input: [1], label: 0}]}
                layers: [{type: dense, units: 2, weight: [[0, 800]], bias: false}, {type: softmax}]
                loss: cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """));
    }

    @Test
    void aSubnormalProbabilityWhoseLogGradientOverflowsNamesTheLossNotTheWeights() {
        // p = e^-736.8 = 1.0277e-320 (subnormal) for the labelled class: the loss (736.8) is finite, -t/p is not. It
        // was reported as dense_1's weight gradient, with "check the initial weights".
        String m = fault("""
                epochs: 1
                data: {input_shape: [1], classes: 2, train: [{input: [1], label: 1}]}
                layers: [{type: dense, units: 2, weight: [[0, -736.8]], bias: false}, {type: softmax}]
                loss: cross_entropy
                optimizer: {type: sgd, learning_rate: 0.1}
                """);
        assertEquals("the gradient of the loss 'cross_entropy' with respect to output 1 of sample 1 became -Infinity"
                + " at epoch 1, step 1 (sample 1): the output is 1.0277e-320, its target 1; the log's derivative -t/p"
                + " overflows for an output this small (a saturated softmax or sigmoid): use softmax_cross_entropy on the"
                + " raw scores, whose gradient p - t has no such division. This happened before any update, so the"
                + " learning rate is not the cause: check the scale of the inputs and of the initial weights.", m);
    }

    @Test
    void anMseWhoseDifferenceCannotBeSquaredNamesTheOutputAndTarget() {
        assertEquals("every layer's output was finite, so the loss 'mse' itself gave Infinity: sample 2's loss is"
                + " Infinity; its output 1 is -2e+154 for the target 0.5, a difference whose square is too large for a"
                + " double. This happened before any update, so the learning rate is not the cause: check the scale of"
                + " the inputs and of the initial weights.", fault("""
                epochs: 1
                batch_size: 2
                shuffle: false
                data:
                  input_shape: [1]
                  train: [{input: [1], target: [0, 0]}, {input: [2], target: [0, 0.5]}]
                layers: [{type: dense, units: 2, weight: [[1, -1e154]], bias: false}]
                loss: mse
                optimizer: {type: sgd, learning_rate: 0.1}
                """));
    }

    @Test
    void adamWithEpsilonZeroOnAnAlwaysZeroGradientIsExplainedAsZeroOverZero() {
        // The ReLU is 0 for the only sample, so dense_1's weight gets gradient 0 in step 1: m = v = 0.
        String m = fault("""
                epochs: 1
                data: {input_shape: [1], classes: 2, train: [{input: [1], label: 0}]}
                layers:
                  - {type: dense, units: 1, weight: [[-1]], bias: false}
                  - {type: relu}
                  - {type: dense, units: 2, weight: [[1, 2]]}
                loss: softmax_cross_entropy
                optimizer: {type: adam, learning_rate: 0.01, epsilon: 0}
                """);
        assertEquals("made weight of layer 'dense_1' NaN (index 0) with learning rate 0.01: Adam's epsilon is 0 and"
                + " every gradient of this value so far was exactly 0 (e.g. a unit that dropout or a ReLU silenced), so"
                + " its step m / (sqrt(v) + epsilon) is 0/0; give the optimizer an epsilon above 0 (the default is 1e-8).",
                m.substring(m.indexOf("made ")));
    }

    @Test
    void adamWRmsPropAndAClippedAdamWithEpsilonZeroSayTheSame() {
        String config = """
                epochs: 1
                data: {input_shape: [1], classes: 2, train: [{input: [1], label: 0}]}
                layers:
                  - {type: dense, units: 1, weight: [[-1]], bias: false}
                  - {type: relu}
                  - {type: dense, units: 2, weight: [[1, 2]]}
                loss: softmax_cross_entropy
                optimizer: OPTIMIZER
                """;
        assertEquals("AdamW's epsilon is 0 and every gradient of this value so far was exactly 0 (e.g. a unit that"
                + " dropout or a ReLU silenced), so its step m / (sqrt(v) + epsilon) is 0/0; give the optimizer an"
                + " epsilon above 0 (the default is 1e-8).", after(fault(config.replace("OPTIMIZER",
                        "{type: adamw, learning_rate: 0.01, epsilon: 0, amsgrad: true}"))));
        assertEquals("RMSprop's epsilon is 0 and its mean square a is 0 (every gradient of this value so far was exactly"
                + " 0), so its step divides by 0; give the optimizer an epsilon above 0 (the default is 1e-8).",
                after(fault(config.replace("OPTIMIZER", "{type: rmsprop, learning_rate: 0.01, epsilon: 0}"))));
        assertEquals("Adam's epsilon is 0 and every gradient of this value so far was exactly 0 (e.g. a unit that"
                + " dropout or a ReLU silenced), so its step m / (sqrt(v) + epsilon) is 0/0; give the optimizer an"
                + " epsilon above 0 (the default is 1e-8).", after(fault(config.replace("OPTIMIZER",
                        "{type: adam, learning_rate: 0.01, epsilon: 0, clip_grad_norm: 1}"))));
    }

    /** What follows "made weight of layer 'dense_1' NaN (index 0) with learning rate 0.01: ". */
    private static String after(String message) {
        String head = "made weight of layer 'dense_1' NaN (index 0) with learning rate 0.01: ";
        return message.substring(message.indexOf(head) + head.length());
    }
}
