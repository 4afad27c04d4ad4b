package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.Params;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.Layers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each optimizer and schedule against updates worked out by hand, a few steps each. */
class OptimizerTest {
    private static final double EXACT = 1e-15;

    /** Runs {@code steps} steps on one weight w0 with a constant gradient g; returns w after each. */
    static double[] run(OptimizerSpec spec, double w0, double g, double lr, int steps) {
        Parameter p = new Parameter("w", Shape.of(1), new double[] {w0});
        Optimizer o = spec.create(List.of(p));
        double[] out = new double[steps];
        for (int s = 0; s < steps; s++) {
            p.grad()[0] = g;
            o.step(lr);
            out[s] = p.value()[0];
        }
        return out;
    }

    @Test
    void plainSgdStepsAgainstTheGradient() {
        double[] w = run(new Sgd.Settings(0, false, 0), 1.0, 0.5, 0.1, 2);
        assertEquals(0.95, w[0], EXACT);   // 1 - 0.1·0.5
        assertEquals(0.90, w[1], EXACT);
    }

    @Test
    void momentumStartsWithTheGradientThenAccumulates() {
        double[] w = run(new Sgd.Settings(0.9, false, 0), 1.0, 0.5, 0.1, 3);
        assertEquals(0.95, w[0], EXACT);            // v = 0.5 (first step: v = g)
        assertEquals(0.95 - 0.1 * 0.95, w[1], EXACT); // v = 0.9·0.5 + 0.5 = 0.95
        assertEquals(0.855 - 0.1 * 1.355, w[2], EXACT); // v = 0.9·0.95 + 0.5 = 1.355
    }

    @Test
    void nesterovStepsWithTheGradientPlusMomentumTimesVelocity() {
        double[] w = run(new Sgd.Settings(0.9, true, 0), 1.0, 0.5, 0.1, 2);
        assertEquals(1 - 0.1 * (0.5 + 0.9 * 0.5), w[0], EXACT);     // v = 0.5, step g + μv = 0.95
        assertEquals(w[0] - 0.1 * (0.5 + 0.9 * 0.95), w[1], EXACT); // v = 0.95, step 1.355
    }

    @Test
    void weightDecayAddsLambdaTimesTheWeightToTheGradient() {
        double[] w = run(new Sgd.Settings(0, false, 0.1), 2.0, 0.5, 0.1, 2);
        assertEquals(2 - 0.1 * (0.5 + 0.2), w[0], EXACT);          // g + λw = 0.7 → 1.93
        assertEquals(1.93 - 0.1 * (0.5 + 0.193), w[1], EXACT);    // 0.693 → 1.8607
    }

    @Test
    void adamsFirstStepIsTheLearningRateTimesTheSignOfTheGradient() {
        double[] w = run(new Adam.Settings(0.9, 0.999, 1e-8, 0), 1.0, 0.5, 0.1, 2);
        // m = 0.05, v = 0.00025; bias-corrected m̂ = 0.5, v̂ = 0.25: step = 0.1 · 0.5 / (0.5 + 1e-8)
        assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), w[0], 1e-15);
        // a constant gradient keeps m̂ = g and v̂ = g² at every step
        assertEquals(w[0] - 0.1 * 0.5 / (0.5 + 1e-8), w[1], 1e-15);
    }

    @Test
    void adamWithWeightDecayUsesTheDecayedGradientInBothMoments() {
        double[] w = run(new Adam.Settings(0.5, 0.5, 0, 1.0), 1.0, 1.0, 0.1, 2);
        // step 1: d = 1 + 1 = 2; m = 1, v = 2; m̂ = 1/0.5 = 2, v̂ = 2/0.5 = 4: w = 1 - 0.1 · 2/2 = 0.9
        assertEquals(0.9, w[0], EXACT);
        // step 2: d = 1 + 0.9 = 1.9; m = 0.5 + 0.95 = 1.45, v = 1 + 1.805 = 2.805; c1 = c2 = 0.75
        assertEquals(0.9 - (0.1 / 0.75) * 1.45 / (Math.sqrt(2.805) / Math.sqrt(0.75)), w[1], EXACT);
    }

    /**
     * The optimizer of an {@code optimizer} mapping such as {@code {type: adamw, amsgrad: true}},
     * read as a run reads it (its keys, then gradient clipping); throws on any problem.
     */
    static OptimizerSpec optimizer(String yaml) {
        Diagnostics d = new Diagnostics();
        Params p = new Params((Node.MapNode) Layers.yaml(yaml), d);
        OptimizerSpec spec = Layers.BUILTIN.optimizer(p.string("type")).read(p);
        spec = GradientClipping.read(p).wrap(spec);
        p.finish();
        d.throwIfErrors();
        return spec;
    }

    static Schedule schedule(String id, String settings) {
        Diagnostics d = new Diagnostics();
        Schedule s = Layers.BUILTIN.schedule(id).read(new Params((Node.MapNode) Layers.yaml(settings), d));
        d.throwIfErrors();
        return s;
    }

    @Test
    void schedulesGiveTheRateOfEachEpoch() {
        Schedule step = schedule("step", "{step_size: 2, gamma: 0.5}");
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25), rates(step, 5));
        assertEquals(List.of(1.0, 0.5, 0.25), rates(schedule("exponential", "{gamma: 0.5}"), 3));
        List<Double> cos = rates(schedule("cosine", "{period: 4, min_rate: 0.2}"), 5);
        assertEquals(1.0, cos.get(0), EXACT);                         // epoch 1: the base
        assertEquals(0.2 + 0.8 * (1 + Math.sqrt(0.5)) / 2, cos.get(1), EXACT); // cos(π/4)
        assertEquals(0.6, cos.get(2), EXACT);                         // half way
        assertEquals(0.2, cos.get(4), EXACT);                         // epoch 5: e = T, the minimum
        assertEquals(List.of(1.0, 1.0), rates(schedule("constant", "{}"), 2));
    }

    private static List<Double> rates(Schedule s, int epochs) {
        List<Double> out = new java.util.ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            out.add(s.rate(1.0, e, epochs));
        }
        return out;
    }
}
