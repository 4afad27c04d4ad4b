package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.Csv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sgd, Adam, AdamW, RmsProp, gradient clipping and the schedules against numbers PyTorch 1.13
 * computed in float64
 * (scripts/optim_reference.py, committed under src/test/resources/reference/): six steps on the
 * gradient g = c·w + d of a quadratic bowl, and twelve epochs of each schedule.
 */
class OptimizerReferenceTest {
    private static final double[] W0 = {0.5, -1.25, 2.0, 0.0};
    private static final double[] C = {1.0, 0.5, 2.0, 3.0};
    private static final double[] D = {0.1, -0.2, 0.3, 0.05};
    private static final Csv OPTIMIZERS = Csv.read(Path.of("src/test/resources/reference/optimizers.csv"));
    private static final Csv SCHEDULES = Csv.read(Path.of("src/test/resources/reference/schedules.csv"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "sgd, sgd, 0, false, 0, 0, 0",
        "sgd_momentum, sgd, 0.9, false, 0, 0, 0",
        "sgd_nesterov, sgd, 0.9, true, 0, 0, 0",
        "sgd_momentum_decay, sgd, 0.8, false, 0.01, 0, 0",
        "sgd_decay, sgd, 0, false, 0.05, 0, 0",
        "adam, adam, 0.9, false, 0, 0.999, 1e-8",
        "adam_decay, adam, 0.9, false, 0.1, 0.999, 1e-8",
        "adam_betas, adam, 0.5, false, 0, 0.9, 1e-6",
    })
    void optimizerMatchesPyTorch(String name, String type, double a, boolean nesterov, double decay, double beta2,
            double eps) {
        OptimizerSpec spec = type.equals("sgd") ? new Sgd.Settings(a, nesterov, decay)
                : new Adam.Settings(a, beta2, eps, decay);
        assertMatches(name, spec);
    }

    /** The newer optimizers and gradient clipping, read from their config keys as a run reads them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "adamw; {type: adamw}",
        "adamw_decay; {type: adamw, weight_decay: 0.5, beta1: 0.8, beta2: 0.95, epsilon: 1e-6}",
        "adamw_amsgrad; {type: adamw, weight_decay: 0.1, amsgrad: true}",
        "rmsprop; {type: rmsprop}",
        "rmsprop_momentum; {type: rmsprop, momentum: 0.9, alpha: 0.9}",
        "rmsprop_centered; {type: rmsprop, centered: true, epsilon: 1e-6}",
        "rmsprop_all; {type: rmsprop, alpha: 0.8, momentum: 0.5, centered: true, weight_decay: 0.1}",
        "sgd_clip_norm; {type: sgd, momentum: 0.9, clip_grad_norm: 1.0}",
        "adam_clip_value; {type: adam, clip_grad_value: 0.5}",
        "rmsprop_clip_both; {type: rmsprop, clip_grad_value: 1.0, clip_grad_norm: 1.5}",
    })
    void configuredOptimizerMatchesPyTorch(String name, String yaml) {
        assertMatches(name, OptimizerTest.optimizer(yaml));
    }

    private static void assertMatches(String name, OptimizerSpec spec) {
        Parameter w = new Parameter("w", Shape.of(4), W0.clone());
        Optimizer o = spec.create(List.of(w));
        for (int step = 1; step <= 6; step++) {
            for (int i = 0; i < 4; i++) {
                w.grad()[i] = C[i] * w.value()[i] + D[i];
            }
            o.step(0.1);
            for (int i = 0; i < 4; i++) {
                double expected = expected(name, step, i);
                assertEquals(expected, w.value()[i], 1e-14 * Math.max(1, Math.abs(expected)), name + " step " + step + " w" + i);
            }
        }
    }

    private static double expected(String name, int step, int index) {
        return OPTIMIZERS.values(r -> r.get("case").equals(name) && r.get("step").equals(String.valueOf(step))
                && r.get("index").equals(String.valueOf(index)))[0];
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "step; step; {step_size: 3, gamma: 0.5}",
        "exponential; exponential; {gamma: 0.8}",
        "cosine; cosine; {}",
        "cosine_period_min; cosine; {period: 5, min_rate: 0.01}",
    })
    void scheduleMatchesPyTorch(String name, String id, String settings) {
        Schedule s = OptimizerTest.schedule(id, settings);
        for (Map<String, String> row : SCHEDULES.rows()) {
            if (row.get("schedule").equals(name)) {
                int epoch = Integer.parseInt(row.get("epoch"));
                double expected = Double.parseDouble(row.get("learning_rate"));
                assertEquals(expected, s.rate(0.2, epoch, 12), 1e-15, name + " epoch " + epoch);
            }
        }
    }
}
