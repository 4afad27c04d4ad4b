package io.nnpipe.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.model.Network;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.Layers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The finite checks, which run block by block on a pool, still find and name the first culprit. */
class FaultCheckTest {

    @Test
    void aNonFiniteGradientInALateBlockIsFoundOnAPoolAndNamed() {
        Network net = new Network(Shape.of(200), List.of(Layers.build("{type: dense, units: 100}", Shape.of(200), 1)));
        Parameter w = net.parameters(0).get(0);
        try (Parallel pool = Parallel.threads(2)) {
            FaultCheck check = new FaultCheck(net, pool);
            check.begin(1, 7, new int[] {4, 2}, 0, 2);
            assertDoesNotThrow(check::gradients);
            w.grad()[19_999] = Double.POSITIVE_INFINITY;
            w.grad()[19_998] = Double.NaN;
            TrainingFault f = assertThrows(TrainingFault.class, check::gradients);
            assertTrue(f.getMessage().startsWith("the gradient of weight in layer 'dense_1' became NaN (index 19998) at"
                    + " epoch 1, step 7 (samples 5, 3)."), f.getMessage());
        }
    }

    @Test
    void aNonFiniteParameterAfterTheUpdateIsFoundOnAPool() {
        Network net = new Network(Shape.of(200), List.of(Layers.build("{type: dense, units: 100}", Shape.of(200), 1)));
        try (Parallel pool = Parallel.threads(2)) {
            FaultCheck check = new FaultCheck(net, pool);
            check.begin(2, 3, new int[] {0}, 0, 1);
            net.parameters(0).get(0).value()[12_345] = Double.NEGATIVE_INFINITY;
            TrainingFault f = assertThrows(TrainingFault.class, () -> check.parameters(0.5));
            assertTrue(f.getMessage().startsWith("the update of epoch 2, step 3 (sample 1) made weight of layer 'dense_1'"
                    + " -Infinity (index 12345)"), f.getMessage());
        }
    }

    @Test
    void aDeferredSearchStillNamesTheNonFiniteGradientBeforeTheParameterItSpoilt() {
        Network net = new Network(Shape.of(200), List.of(Layers.build("{type: dense, units: 100}", Shape.of(200), 1)));
        Parameter w = net.parameters(0).get(0);
        try (Parallel pool = Parallel.threads(2)) {
            FaultCheck check = new FaultCheck(net, pool, true);
            check.begin(1, 7, new int[] {4, 2}, 0, 2);
            w.grad()[19_998] = Double.NaN;
            assertDoesNotThrow(check::gradients);
            w.value()[19_998] = Double.NaN; // what the update makes of it
            TrainingFault f = assertThrows(TrainingFault.class, () -> check.parameters(0.5));
            assertTrue(f.getMessage().startsWith("the gradient of weight in layer 'dense_1' became NaN (index 19998) at"
                    + " epoch 1, step 7 (samples 5, 3). This happened before any update"), f.getMessage());
        }
    }
}
