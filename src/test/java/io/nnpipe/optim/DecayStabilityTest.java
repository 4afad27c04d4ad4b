package io.nnpipe.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bound on learning_rate × weight_decay past which decay alone diverges, checked against the
 * optimizers themselves: a weight of 1 with a zero gradient, stepped 3,000 times just below and
 * just above the bound, shrinks below and grows above.
 */
class DecayStabilityTest {

    /** |w| after {@code steps} steps of {@code spec} from w = 1 with gradient 0 at rate 1. */
    private static double decayOnly(OptimizerSpec spec, int steps) {
        Parameter p = new Parameter("w", Shape.of(1), new double[] {1});
        Optimizer o = spec.create(List.of(p));
        for (int s = 0; s < steps; s++) {
            o.step(1);
        }
        return Math.abs(p.value()[0]);
    }

    @Test
    void sgdDecayAloneDivergesExactlyPastTheBoundForEachMomentumForm() {
        double[][] cases = {{0, 0, 2}, {0.5, 0, 3}, {0.9, 0, 3.8}, {0.5, 1, 1.5}, {0.9, 1, 2 * 1.9 / 2.8}};
        for (double[] c : cases) {
            double mu = c[0];
            boolean nesterov = c[1] == 1;
            double bound = c[2];
            Sgd.Settings below = new Sgd.Settings(mu, nesterov, bound * 0.99);
            Sgd.Settings above = new Sgd.Settings(mu, nesterov, bound * 1.01);
            assertTrue(decayOnly(below, 3000) < 1e-6, "below " + bound);
            assertTrue(decayOnly(above, 3000) > 1e6, "above " + bound);
            assertNull(below.decayDiverges(1));
            assertNotNull(above.decayDiverges(1));
            assertNull(above.decayDiverges(0.98)); // the product, not the decay alone, is judged
        }
    }

    @Test
    void adamWDecoupledDecayDivergesPastTwo() {
        AdamW.Settings below = new AdamW.Settings(0.9, 0.999, 1e-8, 1.99, false);
        AdamW.Settings above = new AdamW.Settings(0.9, 0.999, 1e-8, 2.01, false);
        assertTrue(decayOnly(below, 3000) < 1e-3);
        assertTrue(decayOnly(above, 3000) > 1e6);
        assertNull(below.decayDiverges(1));
        assertEquals("learning_rate × weight_decay = 1 × 2.01 = 2.01 is above 2, where adamw's weight decay alone makes"
                + " the weights grow every step whatever the gradients: make that product smaller (a smaller"
                + " learning_rate or weight_decay)", above.decayDiverges(1));
    }

    @Test
    void adamsCoupledDecayHasNoBoundAndClippingKeepsTheInnerOptimizersBound() {
        assertNull(new Adam.Settings(0.9, 0.999, 1e-8, 1e6).decayDiverges(1e6));
        String expected = "learning_rate × weight_decay = 0.1 × 1000000 = 100000 is above 2, where sgd's weight decay"
                + " alone makes the weights grow every step whatever the gradients: make that product smaller (a smaller"
                + " learning_rate or weight_decay)";
        OptimizerSpec clipped = new GradientClipping(1, 0).wrap(new Sgd.Settings(0, false, 1e6));
        assertEquals(expected, clipped.decayDiverges(0.1));
        assertEquals(expected, clipped.create(List.of()).decayDiverges(0.1));
    }
}
