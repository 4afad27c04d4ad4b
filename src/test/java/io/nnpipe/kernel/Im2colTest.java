package io.nnpipe.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnpipe.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The unfolding variants the convolution uses (rows beside other samples, the
 * fold from a block of a wider matrix) agree exactly with the plain definition, {@link Im2col#unfold}
 * and its adjoint, on every kind of geometry: padding, strides, kernels wider than the padding.
 */
class Im2colTest {

    @ParameterizedTest(name = "{0}x{1}x{2}, kernel {3}x{4}, stride {5}x{6}, padding {7}x{8}")
    @CsvSource({
        "1, 1, 1, 1, 5, 1, 1, 0, 2",
        "1, 1, 3, 1, 9, 1, 1, 0, 4",
        "2, 2, 3, 7, 7, 2, 3, 3, 3",
    })
    void aKernelWiderThanTheImageAndItsPaddingUnfoldsTheFirstImage(int c, int h, int w, int kh, int kw, int sh, int sw,
            int ph, int pw) {
        // a 1x5 kernel with padding 2 on a 1x1 image failed in training (QA, second pass); at
        // offset 0 a window column wholly in the padding pointed before the array
        Im2col g = new Im2col(c, h, w, kh, kw, sh, sw, ph, pw);
        double[] x = new double[c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        double[] col = new double[g.rows() * g.cols()];
        g.unfold(x, 0, col);
        double[][] rows = new double[g.rows()][2 * g.cols()];
        g.unfoldRows(x, 0, rows, 0);
        for (int r = 0; r < g.rows(); r++) {
            for (int q = 0; q < g.cols(); q++) {
                assertEquals(col[r * g.cols() + q], rows[r][q], "row " + r + ", column " + q);
            }
            for (int q = g.cols(); q < 2 * g.cols(); q++) {
                assertEquals(0.0, rows[r][q], "the next sample's columns are not touched");
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, kernel {3}x{4}, stride {5}x{6}, padding {7}x{8}")
    @CsvSource({
        "1, 28, 28, 5, 5, 1, 1, 0, 0",
        "6, 12, 12, 5, 5, 1, 1, 0, 0",
        "2, 7, 9, 3, 3, 1, 1, 1, 1",
        "3, 8, 8, 3, 3, 2, 2, 1, 1",
        "2, 5, 6, 2, 3, 2, 1, 1, 0",
        "1, 4, 4, 4, 4, 1, 1, 2, 2",
        "2, 6, 5, 1, 1, 3, 2, 0, 0",
        "1, 3, 3, 3, 3, 1, 1, 2, 1",
        // kernels wider than the image and one side's padding (QA, second pass: these failed)
        "1, 1, 1, 1, 5, 1, 1, 0, 2",
        "2, 2, 3, 7, 7, 2, 3, 3, 3",
        "1, 2, 1, 5, 5, 1, 2, 2, 2",
    })
    void fastVariantsMatchThePlainUnfoldAndFold(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        Im2col g = new Im2col(c, h, w, kh, kw, sh, sw, ph, pw);
        int k = g.rows();
        int p = g.cols();
        Rng rng = new Rng(c * 1000 + h * 10 + w);
        double[] x = new double[2 * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        int xOff = c * h * w; // the second image
        double[] col = new double[k * p];
        g.unfold(x, xOff, col);

        double[][] rows = new double[k][3 * p];
        for (double[] row : rows) {
            java.util.Arrays.fill(row, Double.NaN); // every element must be written
        }
        g.unfoldRows(x, xOff, rows, p); // as the middle sample of three
        for (int r = 0; r < k; r++) {
            for (int q = 0; q < p; q++) {
                assertEquals(col[r * p + q], rows[r][p + q], "unfoldRows " + r + "," + q);
            }
        }

        double[] wide = new double[k * 3 * p]; // the same matrix as the middle block of a wider one
        for (int i = 0; i < wide.length; i++) {
            wide[i] = rng.nextGaussian();
        }
        double[] block = new double[k * p];
        for (int r = 0; r < k; r++) {
            System.arraycopy(wide, r * 3 * p + p, block, r * p, p);
        }
        double[] expected = new double[x.length];
        double[] actual = new double[x.length];
        // the adjoint by its definition: for each row, each column, add where the window reads
        for (int r = 0, ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, r++) {
                    for (int q = 0; q < p; q++) {
                        int iy = q / g.outWidth() * sh + ki - ph;
                        int ix = q % g.outWidth() * sw + kj - pw;
                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                            expected[xOff + (ci * h + iy) * w + ix] += block[r * p + q];
                        }
                    }
                }
            }
        }
        g.foldAdd(wide, p, 3 * p, actual, xOff);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "fold " + i);
        }
    }
}
