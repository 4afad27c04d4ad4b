package io.nnpipe.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.Layers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast paths of max pooling and ReLU give exactly the bits of their plain definitions on
 * inputs full of ties, signed zeros, NaNs and infinities (values a finite-difference check never
 * sees).
 */
class ExactSemanticsTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 1.0, Double.NaN, -Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 2.5, 2.5};

    /** Mostly special values (so windows hold ties, NaNs and zeros of both signs), some random. */
    private static double[] awkward(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() < 0.7 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian();
        }
        return v;
    }

    /** Same bits (a copied NaN keeps its own). */
    private static void assertSameBits(double[] expected, double[] actual, int n, String what) {
        for (int i = 0; i < n; i++) {
            int at = i;
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    () -> what + " element " + at + ": " + expected[at] + " vs " + actual[at]);
        }
    }

    /**
     * Same bits, except that all NaNs are one: Java leaves the sign and payload of a NaN that an
     * addition computes unspecified (the JIT may swap the operands), and a NaN gradient stops
     * training anyway.
     */
    private static void assertSameSums(double[] expected, double[] actual, int n, String what) {
        for (int i = 0; i < n; i++) {
            int at = i;
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
                    () -> what + " element " + at + ": " + expected[at] + " vs " + actual[at]);
        }
    }

    @ParameterizedTest(name = "kernel {3}x{4}, stride {5}x{6}, padding {7} on {0}x{1}x{2}")
    @CsvSource({
        "3, 6, 8, 2, 2, 2, 2, 0",
        "2, 7, 5, 2, 2, 2, 2, 0",
        "2, 5, 5, 2, 2, 1, 1, 0",
        "2, 5, 6, 2, 2, 2, 2, 1",
        "2, 6, 7, 3, 3, 2, 2, 1",
        "1, 5, 9, 2, 3, 1, 2, 0",
        "2, 6, 7, 2, 2, 1, 1, 1",
        "1, 4, 7, 2, 2, 3, 3, 1",
        "1, 1, 2, 2, 2, 2, 2, 1",
        "1, 3, 1, 2, 2, 2, 2, 1",
        "1, 4, 4, 2, 2, 1, 3, 0",
        "2, 9, 9, 3, 3, 2, 2, 0",
        "1, 8, 8, 3, 3, 1, 1, 1",
        "1, 10, 9, 5, 4, 2, 3, 2",
    })
    void maxPoolPicksTheFirstStrictMaximumOrFirstNaN(int c, int h, int w, int kh, int kw, int sh, int sw, int pad) {
        String yaml = "{type: max_pool2d, kernel: [" + kh + ", " + kw + "], stride: [" + sh + ", " + sw
                + "], padding: " + pad + "}";
        Layer pool = Layers.build(yaml, Shape.of(c, h, w), 1);
        int batch = 3;
        int in = c * h * w;
        int out = pool.outputShape().size();
        Rng rng = new Rng(17);
        for (int trial = 0; trial < 200; trial++) {
            double[] x = awkward(rng, batch * in);
            double[] dy = awkward(rng, batch * out);
            checkMaxPool(pool, new int[] {batch, c, h, w, kh, kw, sh, sw, pad}, x, dy, yaml);
        }
    }

    /**
     * The 2×2 fast path once the JIT has compiled it: 5,000 passes over ReLU-like data (ties of
     * zeros) with NaNs and signed zeros in some passes, each compared with the definition.
     */
    @Test
    void maxPool2x2StaysExactOnceCompiled() {
        Layer pool = Layers.build("{type: max_pool2d, kernel: 2}", Shape.of(2, 6, 8), 1);
        Rng rng = new Rng(23);
        int batch = 2;
        double[] plain = new double[batch * 96];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = Math.max(rng.nextGaussian(), i % 5 == 0 ? -0.0 : 0.0);
        }
        double[] nasty = awkward(rng, plain.length);
        double[] dy = awkward(rng, batch * 24);
        for (int pass = 0; pass < 5_000; pass++) {
            checkMaxPool(pool, new int[] {batch, 2, 6, 8, 2, 2, 2, 2, 0}, pass % 5 == 0 ? nasty : plain, dy, "2x2, pass " + pass);
        }
    }

    /**
     * The general (not 2×2) windows' branch-free search once the JIT has compiled it: overlapping
     * 3×3 windows with stride 2 and padding 1, whole and clipped, over ReLU-like data and, in
     * some passes, NaNs, infinities and signed zeros, every pass compared with the definition.
     */
    @Test
    void maxPoolGeneralWindowsStayExactOnceCompiled() {
        Layer pool = Layers.build("{type: max_pool2d, kernel: 3, stride: 2, padding: 1}", Shape.of(2, 9, 10), 1);
        Rng rng = new Rng(29);
        int batch = 2;
        double[] plain = new double[batch * 180];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = Math.max(rng.nextGaussian(), i % 5 == 0 ? -0.0 : 0.0);
        }
        double[] nasty = awkward(rng, plain.length);
        double[] dy = awkward(rng, batch * pool.outputShape().size());
        for (int pass = 0; pass < 4_000; pass++) {
            checkMaxPool(pool, new int[] {batch, 2, 9, 10, 3, 3, 2, 2, 1}, pass % 5 == 0 ? nasty : plain, dy,
                    "3x3 stride 2, pass " + pass);
        }
    }

    /** Runs pool forward and backward on x and dy and compares with the definition; g = batch, c, h, w, kh, kw, sh, sw, pad. */
    private static void checkMaxPool(Layer pool, int[] g, double[] x, double[] dy, String what) {
        int batch = g[0];
        int c = g[1];
        int h = g[2];
        int w = g[3];
        int kh = g[4];
        int kw = g[5];
        int sh = g[6];
        int sw = g[7];
        int pad = g[8];
        int in = c * h * w;
        Shape o = pool.outputShape();
        int out = o.size();
        int oh = o.height();
        int ow = o.width();
        double[] y = new double[batch * out];
        double[] dx = new double[batch * in];
        pool.prepare(batch);
        pool.forward(Pass.of(batch, true), new LayerIO(x, y, dx, dy));
        pool.backward(Pass.of(batch, true), new LayerIO(x, y, dx, dy));
        double[] yRef = new double[batch * out];
        double[] dxRef = new double[batch * in];
        for (int n = 0; n < batch; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int best = -1;
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * sh - pad + ky;
                                int ix = ox * sw - pad + kx;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                int i = n * in + (ch * h + iy) * w + ix;
                                double v = x[i];
                                if (best < 0 || v > x[best] || (Double.isNaN(v) && !Double.isNaN(x[best]))) {
                                    best = i;
                                }
                            }
                        }
                        int q = n * out + (ch * oh + oy) * ow + ox;
                        yRef[q] = x[best];
                        dxRef[best] += dy[q];
                    }
                }
            }
        }
        assertSameBits(yRef, y, y.length, what + " forward");
        assertSameSums(dxRef, dx, dx.length, what + " backward");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64})
    void reluIsXWherePositiveNaNWhereNaNElsePositiveZeroAndItsGradientKeepsTheProductsBits(int size) {
        Layer relu = Layers.build("{type: relu}", Shape.of(size), 1);
        Rng rng = new Rng(size);
        int batch = 5;
        double[] x = awkward(rng, batch * size);
        double[] dy = awkward(rng, batch * size);
        double[] y = new double[batch * size];
        double[] dx = new double[batch * size];
        relu.forward(Pass.of(batch, true), new LayerIO(x, y, dx, dy));
        relu.backward(Pass.of(batch, true), new LayerIO(x, y, dx, dy));
        double[] yRef = new double[x.length];
        double[] dxRef = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            yRef[i] = x[i] > 0 ? x[i] : x[i] == x[i] ? 0.0 : x[i];
            dxRef[i] = dy[i] * (x[i] > 0 ? 1.0 : x[i] == x[i] ? 0.0 : Double.NaN);
        }
        assertSameBits(yRef, y, y.length, "relu forward");
        assertSameSums(dxRef, dx, dx.length, "relu backward");
    }

    /**
     * The same, once the JIT has compiled (and C2 vectorised) the loops: 20,000 passes over a batch
     * whose NaNs sit in some passes only, so both the vectorised loop and its exact fallback run
     * compiled; every pass is compared with the definition.
     */
    @Test
    void reluStaysExactOnceCompiled() {
        int size = 96;
        Layer relu = Layers.build("{type: relu}", Shape.of(size), 1);
        Rng rng = new Rng(5);
        int batch = 2;
        double[] plain = new double[batch * size];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = rng.nextGaussian();
        }
        double[] nasty = awkward(rng, batch * size);
        double[] dy = awkward(rng, batch * size);
        double[] y = new double[batch * size];
        double[] dx = new double[batch * size];
        double[] yRef = new double[batch * size];
        double[] dxRef = new double[batch * size];
        for (int pass = 0; pass < 20_000; pass++) {
            double[] x = pass % 7 == 0 ? nasty : plain;
            relu.forward(Pass.of(batch, true), new LayerIO(x, y, dx, dy));
            relu.backward(Pass.of(batch, true), new LayerIO(x, y, dx, dy));
            for (int i = 0; i < x.length; i++) {
                yRef[i] = x[i] > 0 ? x[i] : x[i] == x[i] ? 0.0 : x[i];
                dxRef[i] = dy[i] * (x[i] > 0 ? 1.0 : x[i] == x[i] ? 0.0 : Double.NaN);
            }
            assertSameBits(yRef, y, y.length, "relu forward, pass " + pass);
            assertSameSums(dxRef, dx, dx.length, "relu backward, pass " + pass);
        }
    }
}
