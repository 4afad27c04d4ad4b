package io.nnpipe.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.kernel.Im2col;
import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Rng;
import io.nnpipe.tensor.Shape;
import io.nnpipe.testing.Layers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A whole {@link Conv2d} layer, forward and backward, gives the bits of the plain definition with
 * its summation orders (y = b then the terms in (c, ki, kj) order; dcol = Σ_o in order from 0 and
 * each dx element its dcol terms in increasing (c, ki, kj) from 0; dW and db sample by sample,
 * position by position) however it cuts the work (several samples per product or one, either
 * weight-gradient path, strides and padding), on one thread or two.
 */
class Conv2dExactTest {

    @ParameterizedTest(name = "{0}x{1}x{2} -> {3}, kernel {4}, stride {5}, padding {6}, {7} thread(s)")
    @CsvSource({
        "2, 32, 32, 3, 3, 1, 1, 1", // 1,024 positions: one sample a product
        "2, 32, 32, 3, 3, 1, 1, 2",
        "1, 30, 30, 2, 3, 1, 1, 1",
        "3, 29, 31, 4, 5, 1, 2, 2",
        "2, 20, 20, 3, 3, 1, 1, 1", // 400 positions: two samples a product
        "2, 16, 16, 3, 3, 1, 0, 2", // 196: three samples a product
        "6, 12, 12, 4, 5, 1, 0, 1", // LeNet-5's second layer: 8 samples a product
        "3, 15, 15, 5, 3, 2, 1, 1", // stride 2
    })
    void convolutionGivesThePlainDefinitionsBits(int c, int h, int w, int out, int k, int stride, int pad, int threads) {
        Shape in = Shape.of(c, h, w);
        String yaml = "{type: conv2d, out_channels: " + out + ", kernel: " + k + ", stride: " + stride + ", padding: "
                + pad + ", bias: {init: normal, std: 1}}";
        Layer conv = Layers.build(yaml, in, 3);
        Im2col g = new Im2col(c, h, w, k, k, stride, stride, pad, pad);
        int batch = 3;
        Rng rng = new Rng(c * 100 + h + out);
        double[] x = values(rng, batch * in.size());
        int ySize = batch * conv.outputShape().size();
        double[] dy = values(rng, ySize);
        double[] y = new double[ySize];
        double[] dx = new double[x.length];
        Parameter wt = conv.parameters().get(0);
        Parameter b = conv.parameters().get(1);
        double[] dw0 = values(rng, wt.size());
        double[] db0 = values(rng, b.size());
        System.arraycopy(dw0, 0, wt.grad(), 0, dw0.length);
        System.arraycopy(db0, 0, b.grad(), 0, db0.length);
        try (Parallel parallel = Parallel.threads(threads)) {
            Pass pass = new Pass(batch, true, 1, parallel);
            conv.prepare(batch);
            conv.forward(pass, new LayerIO(x, y, dx, dy));
            java.util.Arrays.fill(dx, Double.NaN); // every element must be overwritten
            conv.backward(pass, new LayerIO(x, y, dx, dy));
        }
        double[][] want = reference(g, out, wt.value(), b.value(), x, dy, batch, dw0, db0);
        assertSame(want[0], y, "y");
        assertSame(want[1], dx, "dx");
        assertSame(want[2], wt.grad(), "dW");
        assertSame(want[3], b.grad(), "db");
    }

    private static double[] values(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(15) == 0 ? (rng.nextInt(2) == 0 ? 0.0 : -0.0)
                    : rng.nextGaussian() * Math.pow(10, rng.nextInt(9) - 4);
        }
        return v;
    }

    /** {y, dx, dW, db} by the definition, from dW and db's starting values. */
    private static double[][] reference(Im2col g, int out, double[] wt, double[] bias, double[] x, double[] dy, int batch,
            double[] dw0, double[] db0) {
        int k = g.rows();
        int p = g.cols();
        int inSize = g.channels() * g.height() * g.width();
        double[] y = new double[batch * out * p];
        double[] dx = new double[x.length];
        double[] dw = dw0.clone();
        double[] db = db0.clone();
        double[] col = new double[k * p];
        for (int s = 0; s < batch; s++) {
            g.unfold(x, s * inSize, col);
            for (int o = 0; o < out; o++) {
                for (int q = 0; q < p; q++) {
                    double a = bias[o];
                    for (int r = 0; r < k; r++) {
                        a += wt[o * k + r] * col[r * p + q];
                    }
                    y[(s * out + o) * p + q] = a;
                }
            }
            double[] dcol = new double[k * p];
            for (int r = 0; r < k; r++) {
                for (int q = 0; q < p; q++) {
                    double a = 0.0;
                    for (int o = 0; o < out; o++) {
                        a += wt[o * k + r] * dy[(s * out + o) * p + q];
                    }
                    dcol[r * p + q] = a;
                }
            }
            foldByDefinition(g, dcol, dx, s * inSize);
        }
        for (int o = 0; o < out; o++) {
            for (int s = 0; s < batch; s++) {
                for (int q = 0; q < p; q++) {
                    db[o] += dy[(s * out + o) * p + q];
                }
            }
        }
        for (int s = 0; s < batch; s++) {
            g.unfold(x, s * inSize, col);
            for (int o = 0; o < out; o++) {
                for (int r = 0; r < k; r++) {
                    for (int q = 0; q < p; q++) {
                        dw[o * k + r] += dy[(s * out + o) * p + q] * col[r * p + q];
                    }
                }
            }
        }
        return new double[][] {y, dx, dw, db};
    }

    /** dx (from 0) += dcol, rows r = (c, ki, kj) in order, each position where its window reads. */
    private static void foldByDefinition(Im2col g, double[] dcol, double[] dx, int off) {
        int p = g.cols();
        for (int r = 0, c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    for (int q = 0; q < p; q++) {
                        int iy = q / g.outWidth() * g.sh() + ki - g.ph();
                        int ix = q % g.outWidth() * g.sw() + kj - g.pw();
                        if (iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width()) {
                            dx[off + (c * g.height() + iy) * g.width() + ix] += dcol[r * p + q];
                        }
                    }
                }
            }
        }
    }

    /** Bit for bit (a NaN equals any NaN: none is expected here). */
    private static void assertSame(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            int at = i;
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]),
                    () -> what + "[" + at + "]: layer " + got[at] + ", definition " + want[at]);
        }
    }
}
