package io.nnpipe.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.GradCheck;
import io.nnpipe.testing.Layers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvgPool2dTest {
    private static final double[] X = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static double[] forward(String yaml, Shape in, double[] x) {
        Layer l = Layers.build(yaml, in, 1);
        double[] y = new double[l.outputShape().size()];
        l.forward(Pass.inference(1), new LayerIO(x, y, null, null));
        return y;
    }

    @Test
    void averagesEachWindow() {
        double[] y = forward("{type: avg_pool2d, kernel: 2, stride: 1}", Shape.of(1, 3, 3), X);
        assertArrayEquals(new double[] {3, 4, 6, 7}, y, 0);
    }

    @Test
    void paddedZerosCountInTheAverageByDefault() {
        // window at the top-left corner holds 0 0 / 0 1: the sum 1 over kh·kw = 4
        double[] y = forward("{type: avg_pool2d, kernel: 2, stride: 2, padding: 1}", Shape.of(1, 3, 3), X);
        assertArrayEquals(new double[] {1 / 4.0, (2 + 3) / 4.0, (4 + 7) / 4.0, (5 + 6 + 8 + 9) / 4.0}, y, 1e-15);
    }

    @Test
    void withoutCountIncludePadOnlyRealInputsCount() {
        double[] y = forward("{type: avg_pool2d, kernel: 2, stride: 2, padding: 1, count_include_pad: false}",
                Shape.of(1, 3, 3), X);
        assertArrayEquals(new double[] {1, (2 + 3) / 2.0, (4 + 7) / 2.0, (5 + 6 + 8 + 9) / 4.0}, y, 1e-15);
    }

    @Test
    void backwardSpreadsEachGradientEvenlyOverItsWindow() {
        Layer l = Layers.build("{type: avg_pool2d, kernel: 2, stride: 1}", Shape.of(1, 3, 3), 1);
        double[] dx = new double[9];
        l.backward(Pass.of(1, true), new LayerIO(X, new double[4], dx, new double[] {4, 8, 0, 0}));
        assertArrayEquals(new double[] {1, 3, 2, 1, 3, 2, 0, 0, 0}, dx, 0);
    }

    @Test
    void strideDefaultsToTheKernel() {
        Layer l = Layers.build("{type: avg_pool2d, kernel: 2}", Shape.of(3, 6, 4), 1);
        assertEquals(Shape.of(3, 3, 2), l.outputShape());
    }

    @ParameterizedTest(name = "{0} on {1}x{2}x{3}, batch {4}")
    @CsvSource(delimiter = ';', value = {
        "{type: avg_pool2d, kernel: 2}; 2; 4; 4; 2",
        "{type: avg_pool2d, kernel: 3, stride: 1}; 1; 5; 5; 2",
        "{type: avg_pool2d, kernel: 3, stride: 2, padding: 1}; 2; 5; 6; 2",
        "{type: avg_pool2d, kernel: 3, stride: 2, padding: 1, count_include_pad: false}; 2; 5; 6; 2",
        "{type: avg_pool2d, kernel: [2, 3], stride: [3, 1], padding: [1, 1]}; 2; 7; 5; 3",
    })
    void backwardMatchesFiniteDifferences(String yaml, int c, int h, int w, int batch) {
        for (long seed = 1; seed <= 3; seed++) {
            GradCheck.layer(Layers.build(yaml, Shape.of(c, h, w), seed), batch, seed * 31);
        }
    }
}
