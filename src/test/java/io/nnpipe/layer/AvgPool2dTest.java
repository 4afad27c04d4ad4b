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
    /**
     * The forward pass (four planes at a time) gives the bits of one window after another, each
     * sum from 0 in row-major order, then divided: plane counts that leave every remainder of
     * four, clipped and padded windows, the global average, signed zeros and values of every size.
     */
    @ParameterizedTest(name = "kernel {4}x{5}, stride {6}x{7}, padding {8}, counted {9} on {0}x{1}x{2}, batch {3}")
    @CsvSource({
        "3, 6, 6, 3, 2, 2, 2, 2, 0, true",
        "5, 8, 8, 2, 8, 8, 8, 8, 0, true",
        "2, 7, 6, 3, 3, 3, 2, 2, 1, true",
        "1, 7, 6, 2, 3, 3, 2, 2, 1, false",
        "7, 7, 5, 1, 2, 3, 3, 1, 1, true",
    })
    void forwardGivesTheBitsOfOneWindowAfterAnother(int c, int h, int w, int batch, int kh, int kw, int sh, int sw, int p,
            boolean include) {
        String yaml = "{type: avg_pool2d, kernel: [" + kh + ", " + kw + "], stride: [" + sh + ", " + sw + "], padding: "
                + p + ", count_include_pad: " + include + "}";
        Layer l = Layers.build(yaml, Shape.of(c, h, w), 1);
        io.nnpipe.tensor.Rng rng = new io.nnpipe.tensor.Rng(c * 7L + h);
        double[] x = new double[batch * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(6) == 0 ? (rng.nextInt(2) == 0 ? -0.0 : 0.0) : rng.nextGaussian() * Math.pow(10, rng.nextInt(9) - 4);
        }
        Shape out = l.outputShape();
        double[] y = new double[batch * out.size()];
        l.forward(Pass.of(batch, true), new LayerIO(x, y, null, null));
        for (int plane = 0, q = 0; plane < batch * c; plane++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++, q++) {
                    double sum = 0;
                    int real = 0;
                    for (int iy = oy * sh - p; iy < oy * sh - p + kh; iy++) {
                        for (int ix = ox * sw - p; ix < ox * sw - p + kw; ix++) {
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                sum += x[plane * h * w + iy * w + ix];
                                real++;
                            }
                        }
                    }
                    double want = sum / (include ? kh * kw : real);
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(y[q]), "output " + q);
                }
            }
        }
    }
}
