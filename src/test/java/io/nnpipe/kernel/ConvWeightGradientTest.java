package io.nnpipe.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnpipe.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both paths of the convolution's weight gradient give the same bits as the plain loops of the
 * definition (each element of dW, from its current value, adds dy·col sample by sample and
 * position by position, products rounded before the add), on every kind of geometry and with
 * values spanning many orders of magnitude, so any reordered or split sum would show.
 */
class ConvWeightGradientTest {

    /** The definition: one chain per element of dW, samples in order, positions in order. */
    static void reference(Im2col g, int outChannels, double[] x, double[] dy, int batch, double[] dw) {
        int k = g.rows();
        int positions = g.cols();
        int inSize = g.channels() * g.height() * g.width();
        double[] col = new double[k * positions];
        for (int s = 0; s < batch; s++) {
            g.unfold(x, s * inSize, col);
            for (int o = 0; o < outChannels; o++) {
                for (int r = 0; r < k; r++) {
                    double a = dw[o * k + r];
                    for (int p = 0; p < positions; p++) {
                        a += dy[(s * outChannels + o) * positions + p] * col[r * positions + p];
                    }
                    dw[o * k + r] = a;
                }
            }
        }
    }

    /** Values from 1e-8 to 1e8 in magnitude, both signs, with some exact zeros of either sign. */
    static double value(Rng rng) {
        int kind = rng.nextInt(20);
        if (kind == 0) {
            return 0.0;
        }
        if (kind == 1) {
            return -0.0;
        }
        return rng.nextGaussian() * Math.pow(10, rng.nextInt(17) - 8);
    }

    /**
     * Bit for bit, except that any NaN equals any NaN: which operand's NaN an addition of two NaNs
     * returns is up to the JIT (it may swap an addition's operands), and no output shows it.
     */
    static void assertSameBits(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]),
                    what + ": element " + i + " is " + got[i] + ", the plain loops give " + want[i]);
        }
    }

    /** Runs every task of the given path (in reverse order, on two workers) and compares with the definition. */
    static void check(Im2col g, int outChannels, int batch, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[batch * g.channels() * g.height() * g.width()];
        double[] dy = new double[batch * outChannels * g.cols()];
        double[] start = new double[outChannels * g.rows()];
        for (double[] a : new double[][] {x, dy, start}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = value(rng);
            }
        }
        double[] want = start.clone();
        reference(g, outChannels, x, dy, batch, want);
        for (ConvWeightGradient.Path path : ConvWeightGradient.Path.values()) {
            ConvWeightGradient dw = new ConvWeightGradient(g, outChannels, path);
            dw.prepare(2);
            double[] got = start.clone();
            double[] xCopy = x.clone();
            double[] dyCopy = dy.clone();
            for (int t = dw.tasks() - 1; t >= 0; t--) {
                dw.task(t, t % 2, x, dy, batch, got);
            }
            String what = path + " " + g + ", " + outChannels + " outputs, batch " + batch;
            assertSameBits(want, got, what);
            assertSameBits(xCopy, x, what + ": x untouched");
            assertSameBits(dyCopy, dy, what + ": dy untouched");
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} -> {9}, kernel {3}x{4}, stride {5}x{6}, padding {7}x{8}, batch {10}")
    @CsvSource({
        "1, 28, 28, 5, 5, 1, 1, 0, 0, 6, 3",    // LeNet-5's first layer
        "6, 12, 12, 5, 5, 1, 1, 0, 0, 16, 2",   // and its second
        "1, 28, 28, 5, 5, 1, 1, 2, 2, 6, 2",    // the first layer with padding
        "3, 8, 8, 3, 3, 1, 1, 1, 1, 10, 2",
        "3, 9, 8, 3, 3, 2, 2, 1, 1, 7, 3",
        "2, 5, 6, 2, 3, 2, 1, 1, 0, 1, 1",      // one output channel, batch of one
        "1, 4, 4, 4, 4, 1, 1, 0, 0, 5, 2",      // kernel = input: one position
        "1, 4, 4, 4, 4, 1, 1, 2, 2, 4, 2",
        "2, 6, 5, 1, 1, 3, 2, 0, 0, 9, 2",      // 1x1 kernel, strides
        "1, 1, 1, 1, 5, 1, 1, 0, 2, 3, 2",      // kernel wider than the image
        "2, 2, 3, 7, 7, 2, 3, 3, 3, 4, 2",
        "1, 11, 13, 7, 6, 3, 4, 2, 1, 8, 2",    // kernel columns beyond one direct call (6)
        "4, 7, 9, 2, 5, 1, 6, 0, 3, 17, 2",     // stride wider than the kernel
        "2, 10, 10, 3, 4, 1, 2, 1, 1, 11, 2",   // stride below the kernel width, > 1
        "8, 6, 6, 3, 3, 1, 1, 1, 1, 3, 2",      // wide rows (72) on a narrow kernel
        "3, 9, 9, 3, 3, 2, 2, 1, 1, 70, 2",     // windows tasks of 32, 32 and 6 output channels
        "2, 7, 7, 3, 3, 1, 1, 1, 1, 33, 2",
    })
    void bothPathsGiveThePlainLoopsBits(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
            int outChannels, int batch) {
        check(new Im2col(c, h, w, kh, kw, sh, sw, ph, pw), outChannels, batch, 17L * h + 31L * kw + outChannels);
    }

    @Test
    void bothPathsGiveThePlainLoopsBitsOnRandomGeometries() {
        Rng rng = new Rng(20261128);
        for (int i = 0; i < 150; i++) {
            int kh = 1 + rng.nextInt(6);
            int kw = 1 + rng.nextInt(7);
            int ph = rng.nextInt(3);
            int pw = rng.nextInt(3);
            int h = Math.max(1, kh - 2 * ph) + rng.nextInt(8);
            int w = Math.max(1, kw - 2 * pw) + rng.nextInt(8);
            Im2col g = new Im2col(1 + rng.nextInt(4), h, w, kh, kw, 1 + rng.nextInt(3), 1 + rng.nextInt(3), ph, pw);
            check(g, 1 + rng.nextInt(12), 1 + rng.nextInt(3), i);
        }
    }

    @Test
    void specialValuesPropagateAsInThePlainLoops() {
        // a NaN or infinity in x or dy, and padding (zero window values times an infinity)
        Im2col g = new Im2col(2, 5, 5, 3, 3, 1, 1, 1, 1);
        Rng rng = new Rng(5);
        int batch = 2;
        int out = 4;
        double[] x = new double[batch * 50];
        double[] dy = new double[batch * out * g.cols()];
        for (int i = 0; i < x.length; i++) {
            x[i] = value(rng);
        }
        for (int i = 0; i < dy.length; i++) {
            dy[i] = value(rng);
        }
        x[7] = Double.NaN;
        dy[3] = Double.POSITIVE_INFINITY;
        dy[40] = Double.NEGATIVE_INFINITY;
        double[] want = new double[out * g.rows()];
        java.util.Arrays.fill(want, -0.0);
        double[] start = want.clone();
        reference(g, out, x, dy, batch, want);
        for (ConvWeightGradient.Path path : ConvWeightGradient.Path.values()) {
            ConvWeightGradient dw = new ConvWeightGradient(g, out, path);
            dw.prepare(1);
            double[] got = start.clone();
            for (int t = 0; t < dw.tasks(); t++) {
                dw.task(t, 0, x, dy, batch, got);
            }
            assertSameBits(want, got, path.toString());
        }
    }

    @Test
    void leNetFiveTakesTheDirectPathForItsFirstLayerAndWindowsForItsSecond() {
        assertEquals(ConvWeightGradient.Path.DIRECT, ConvWeightGradient.choose(new Im2col(1, 28, 28, 5, 5, 1, 1, 0, 0), 6));
        assertEquals(ConvWeightGradient.Path.WINDOWS, ConvWeightGradient.choose(new Im2col(6, 12, 12, 5, 5, 1, 1, 0, 0), 16));
        // a 3-channel image into 32 channels: each window laid out once for all of them pays
        assertEquals(ConvWeightGradient.Path.WINDOWS, ConvWeightGradient.choose(new Im2col(3, 32, 32, 3, 3, 1, 1, 1, 1), 32));
        assertTrue(new ConvWeightGradient(new Im2col(1, 28, 28, 5, 5, 1, 1, 0, 0), 6).tasks() >= 2,
                "the first layer has no dx tasks to run beside its dW: two threads need two blocks");
    }
}
