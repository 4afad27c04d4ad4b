package io.nnpipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.pipeline.Pipeline;
import io.nnpipe.pipeline.PipelineReader;
import io.nnpipe.testing.Layers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An adaptive optimizer whose running average of squared gradients overflows stops moving that
 * value for the rest of the run (as PyTorch); a warning says so once, after the epoch (QA's
 * eighth pass: the run ended with exit 0 and a weight frozen at its initial value, without a word).
 */
class BlindValuesTest {
    /** Input 1e156 against a weight of 0: its gradient -2e156 squared overflows in the first step. */
    private static final String CONFIG = """
            epochs: 3
            data: {input_shape: [2], train: [{input: [1e156, 1], target: [1]}, {input: [1, 1], target: [0]}]}
            layers:
              - {type: dense, units: 1, weight: [[0], [0.5]], bias: [0]}
            loss: mse
            optimizer: {type: OPT, learning_rate: 0.01}
            """;
    private static final String WARNING = "after epoch 1, 1 of the 2 values of weight in layer 'dense_1' no longer move:"
            + " the optimizer's running average of their squared gradients overflowed to Infinity (gradients of the order"
            + " of 1e155 or more), and every later step divides by its root (PyTorch alike). Scale the inputs down, or set"
            + " the optimizer's clip_grad_norm or clip_grad_value";

    private static List<String> train(String optimizer, double[] weightAfter) {
        return train(optimizer, weightAfter, "1e156");
    }

    private static List<String> train(String optimizer, double[] weightAfter, String input) {
        String yaml = CONFIG.replace("OPT", optimizer).replace("1e156", input);
        Pipeline p = new PipelineReader(Layers.BUILTIN).read(Layers.yaml(yaml), "t",
                new Diagnostics());
        Trainer trainer = new Trainer(p, Parallel.SERIAL);
        List<String> warnings = new ArrayList<>();
        trainer.addListener(new BlindValues(trainer.optimizer(), warnings::add));
        trainer.run();
        weightAfter[0] = p.network().parameters().get(0).value()[0];
        weightAfter[1] = p.network().parameters().get(0).value()[1];
        return warnings;
    }

    @Test
    void aValueWhoseSquaredGradientOverflowedIsWarnedAboutOnceAndIndeedStaysPut() {
        for (String opt : List.of("adam", "rmsprop", "'adamw, weight_decay: 0'")) {
            double[] w = new double[2];
            assertEquals(List.of(WARNING), train(opt.replace("'", ""), w), opt);
            assertEquals(0.0, w[0], opt + ": frozen at its initial value");
            assertEquals(true, w[1] != 0.5, opt + ": the other weight trained");
        }
    }

    @Test
    void ordinaryGradientsGiveNoWarning() {
        double[] w = new double[2];
        assertEquals(List.of(), train("adam", w, "1000"));
        assertEquals(true, w[0] != 0, "the weight moves");
    }
}
