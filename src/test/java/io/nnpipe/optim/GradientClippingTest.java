package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradient clipping against values worked out by hand: torch.nn.utils.clip_grad_value_, then
 * clip_grad_norm_ over all parameters together, before any optimizer's step.
 */
class GradientClippingTest {

    /** Two parameters with gradients {@code ga} and {@code gb}, values 0; one plain SGD step (lr 1) after clipping. */
    private static List<Parameter> sgdStep(String clipping, double[] ga, double[] gb) {
        Parameter a = new Parameter("a", Shape.of(ga.length), new double[ga.length]);
        Parameter b = new Parameter("b", Shape.of(gb.length), new double[gb.length]);
        System.arraycopy(ga, 0, a.grad(), 0, ga.length);
        System.arraycopy(gb, 0, b.grad(), 0, gb.length);
        OptimizerSpec spec = OptimizerTest.optimizer("{type: sgd" + (clipping.isEmpty() ? "" : ", " + clipping) + "}");
        spec.create(List.of(a, b)).step(1.0);
        return List.of(a, b);
    }

    @Test
    void normClipScalesEveryGradientByMaxNormOverTheTotalNormPlusEpsilon() {
        // total norm over both parameters √(3² + 0² + 4²) = 5; k = 1 / (5 + 1e-6)
        List<Parameter> ps = sgdStep("clip_grad_norm: 1", new double[] {3, 0}, new double[] {4});
        double k = 1 / (5 + 1e-6);
        assertArrayEquals(new double[] {-(3 * k), -(0 * k)}, ps.get(0).value(), 0);
        assertArrayEquals(new double[] {-(4 * k)}, ps.get(1).value(), 0);
        assertArrayEquals(new double[] {3 * k, 0}, ps.get(0).grad(), 0); // clipped in place, as PyTorch
    }

    @Test
    void normBelowTheMaximumLeavesTheGradientsUntouched() {
        // total norm 0.5: k = 1 / 0.500001 > 1, so nothing is multiplied (PyTorch's g·min(k, 1) = g·1)
        List<Parameter> ps = sgdStep("clip_grad_norm: 1", new double[] {0.3, 0.1 + 0.2}, new double[] {-0.4 * 0.5});
        assertArrayEquals(new double[] {-0.3, -(0.1 + 0.2)}, ps.get(0).value(), 0);
        assertArrayEquals(new double[] {0.4 * 0.5}, ps.get(1).value(), 0);
    }

    @Test
    void aNormEqualToTheMaximumIsStillScaledByTheEpsilon() {
        List<Parameter> ps = sgdStep("clip_grad_norm: 5", new double[] {3}, new double[] {4});
        double k = 5 / (5 + 1e-6);
        assertArrayEquals(new double[] {-(3 * k)}, ps.get(0).value(), 0);
    }

    @Test
    void valueClipClampsEachElement() {
        List<Parameter> ps = sgdStep("clip_grad_value: 0.5", new double[] {2, -3}, new double[] {0.25});
        assertArrayEquals(new double[] {-0.5, 0.5}, ps.get(0).value(), 0);
        assertArrayEquals(new double[] {-0.25}, ps.get(1).value(), 0);
    }

    @Test
    void valueClipComesBeforeTheNormClip() {
        // clamped to {1, -1} and {0.5}: norm √(1 + 1 + 0.25) = 1.5; k = 0.75 / (1.5 + 1e-6)
        List<Parameter> ps = sgdStep("clip_grad_value: 1, clip_grad_norm: 0.75", new double[] {4, -2}, new double[] {0.5});
        double k = 0.75 / (1.5 + 1e-6);
        assertArrayEquals(new double[] {-(1 * k), -(-1 * k)}, ps.get(0).value(), 0);
        assertArrayEquals(new double[] {-(0.5 * k)}, ps.get(1).value(), 0);
    }

    @Test
    void theTotalNormIsOneSumInParameterThenIndexOrder() {
        Parameter a = new Parameter("a", Shape.of(3), new double[3]);
        Parameter b = new Parameter("b", Shape.of(2), new double[2]);
        double[] g = {0.1, 1e-9, 3.7, -2.25, 1e8};
        System.arraycopy(g, 0, a.grad(), 0, 3);
        System.arraycopy(g, 3, b.grad(), 0, 2);
        double sum = 0;
        for (double x : g) {
            sum += x * x;
        }
        assertEquals(Math.sqrt(sum), GradientClipping.totalNorm(List.of(a, b)), 0);
    }

    @Test
    void withoutClippingKeysTheOptimizerIsNotWrapped() {
        OptimizerSpec plain = new Sgd.Settings(0, false, 0);
        assertSame(plain, GradientClipping.NONE.wrap(plain));
    }

    @Test
    void clippingKeepsTheWrappedOptimizersStateAndRecordsTheLastClip() {
        Parameter p = new Parameter("w", Shape.of(1), new double[] {1});
        ClippedOptimizer o = (ClippedOptimizer) OptimizerTest.optimizer("{type: adam, clip_grad_norm: 0.5}").create(List.of(p));
        p.grad()[0] = -2;
        o.step(0.1);
        assertEquals(2.0, o.lastNorm(), 0);
        assertEquals(0.5 / (2 + 1e-6), o.lastCoefficient(), 0);
        assertEquals(List.of("t", "m.0", "v.0"), List.copyOf(o.saveState().keySet()));
        assertEquals(-2 * (0.5 / (2 + 1e-6)) * (1 - 0.9), o.saveState().get("m.0")[0], 1e-17);
    }
}
