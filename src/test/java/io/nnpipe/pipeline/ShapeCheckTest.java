package io.nnpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Problem;
import io.nnpipe.config.YamlLoader;
import io.nnpipe.layer.Layer;
import io.nnpipe.testing.Configs;
import io.nnpipe.testing.Layers;
import io.nnpipe.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes are checked layer by layer before training, every error at the offending layer, none twice. */
class ShapeCheckTest {

    private static List<String> problems(String yaml, long memory) {
        PipelineReader reader = new PipelineReader(Layers.BUILTIN, memory);
        return assertThrows(ConfigException.class, () -> reader.read(YamlLoader.parse("t.yaml", yaml), "t",
                new Diagnostics())).problems().stream().map(Problem::toString).toList();
    }

    private static List<String> problems(String yaml) {
        return problems(yaml, 1L << 30);
    }

    @Test
    void wrongExplicitValuesDoNotHideALaterShapeError() {
        String yaml = Configs.SMALL_CNN.replace("    stride: 2\n", "    stride: 2\n    bias: [1, 2, 3]\n")
                .replace("  - type: flatten\n", "");
        assertEquals(List.of("t.yaml:14:11: layers[0].bias: expected a list of 2 numbers (shape [2]), found a list of 3",
                "t.yaml:17:5: layers[2]: layer 'dense_1': dense needs a vector input, found shape 2x1x1; add a 'flatten'"
                        + " layer before it"), problems(yaml));
    }

    @Test
    void noLayerAfterOneWithWrongKeysIsJudged() {
        // layer 0's kernel is wrong, so its output shape is unknown: the dense layer is not blamed for it
        String yaml = Configs.SMALL_CNN.replace("    kernel: 2\n    stride", "    kernel: x\n    stride")
                .replace("  - type: flatten\n", "");
        assertEquals(List.of("t.yaml:12:13: layers[0].kernel: expected an integer from 1 to 4096 or a list of two such"
                + " integers, found the string \"x\""), problems(yaml));
    }

    @Test
    void inputsAreCheckedEvenWhenTheNetworkCannotBeBuilt() {
        String yaml = Configs.SMALL_CNN.replace("    kernel: 2\n    stride", "    kernel: 9\n    stride")
                .replace("[[1, 0, 0, 1], [0, 1, 1, 0], [0, 1, 1, 0], [1, 0, 0, 1]]", "[[1, 0, 0, 1], [0, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1]]");
        List<String> found = problems(yaml);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("t.yaml:8:29: data.train[1].input[1]: expected a list of 4 numbers"), found.get(0));
        assertTrue(found.get(1).startsWith("t.yaml:12:13: layers[0].kernel: kernel 9x9 does not fit"), found.get(1));
    }

    @Test
    void parametersBeyondTheBudgetAreRefusedBeforeAllocation() {
        String yaml = Configs.SMALL_CNN.replace("    units: 2\n", "    units: 2\n  - type: dense\n    units: 100000\n")
                .replace("loss: softmax_cross_entropy", "loss: mse");
        assertEquals(List.of("t.yaml:19:5: layers[4]: layer 'dense_2': its weight of shape 2x100000 would need 6.1 MiB (with"
                + " its gradient and optimizer state), and the parameters so far 512 bytes; this JVM may use at most 1.0 MiB"
                + " (java -Xmx)"), problems(yaml, 1L << 20));
    }

    @Test
    void activationsBeyondTheBudgetNameTheLargestLayer() {
        MemoryBudget budget = new MemoryBudget(1L << 20);
        Layer wide = Layers.build("{type: dense, units: 40000, weight: zeros}", Shape.of(2), 0);
        MemoryBudget.Refusal r = budget.checkActivations(Shape.of(2), List.of(wide), 4);
        assertNotNull(r);
        assertEquals(0, r.layer());
        assertTrue(r.message().startsWith("training would need about 2.4 MiB (parameters 0 bytes, activations and working memory for a batch of"
                + " 4: 2.4 MiB, the largest being this layer's output of 2.4 MiB)"), r.message());
        assertNull(new MemoryBudget(1L << 30).checkActivations(Shape.of(2), List.of(wide), 4));
    }

    @Test
    void aBatchWhoseActivationsOverflowOneBufferIsRefused() {
        Layer wide = Layers.build("{type: dense, units: 4096, weight: zeros}", Shape.of(2), 0);
        MemoryBudget.Refusal r = new MemoryBudget(Long.MAX_VALUE).checkActivations(Shape.of(2), List.of(wide), 1 << 20);
        assertNotNull(r);
        assertTrue(r.message().startsWith("its output for a batch of 1048576 would be 4294967296 values, more than one"
                + " buffer can hold"), r.message());
    }

    @Test
    void theLossIsCheckedAgainstTheLastLayerNamingItsLine() {
        assertEquals(List.of("t.yaml:19:7: loss: cross_entropy expects probabilities from a final softmax layer; add one, or use"
                + " 'softmax_cross_entropy' on raw scores (the last layer is layer 'dense_1' (dense, line 17))"),
                problems(Configs.SMALL_CNN.replace("loss: softmax_cross_entropy", "loss: cross_entropy")));
    }

    @Test
    void aConvolutionDeclaresItsWorkingMemoryWhichTheBudgetCounts() {
        Layer conv = Layers.build("{type: conv2d, out_channels: 1, kernel: 3, padding: 1}", Shape.of(2, 5, 5), 0);
        assertEquals(2L * (2 * 3 * 3) * (5 * 5), conv.scratchValues(1), "columns and their gradient, (c·kh·kw) x (oh·ow)");
        // input 50 values (400 bytes), output 25 values and their gradient (400 bytes), columns 900 values (7200 bytes)
        assertNull(new MemoryBudget(8000).checkActivations(Shape.of(2, 5, 5), List.of(conv), 1));
        assertNotNull(new MemoryBudget(7999).checkActivations(Shape.of(2, 5, 5), List.of(conv), 1));
    }
}
