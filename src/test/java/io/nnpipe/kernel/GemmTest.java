package io.nnpipe.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every path of {@link Gemm} (plain loops, four-, two- and one-row tiles, blocks narrower than
 * NC padded for the four-row kernel, inner and column blocks, remainders, B given as row arrays) against {@link ReferenceGemm}, bit for bit, on many shapes and offsets. Values span
 * many magnitudes and signs so that any change of summation order would change some bits.
 */
class GemmTest {
    /** Sizes around every block edge: 1, the tiles (4, 2, 1 rows), KC, NC and the padded widths. */
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 31, 64, 95, 96, 120, 127, 128, 129, 200, 257, 300};

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-8, 9));
        }
        return v;
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", the reference gives " + expected[i]);
            }
        }
    }

    private static void check(int m, int n, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = r.nextInt(3);
        int bOff = r.nextInt(3);
        int cOff = r.nextInt(3);
        double[] a = random(r, aOff + m * k + 2);
        double[] b = random(r, bOff + k * n + 2);
        double[] c = random(r, cOff + m * n + 2);
        String shape = m + "x" + n + "x" + k + " offsets " + aOff + "," + bOff + "," + cOff;

        double[] expected = c.clone();
        double[] actual = c.clone();
        ReferenceGemm.mulAdd(m, n, k, a, aOff, b, bOff, expected, cOff);
        Gemm.mulAdd(m, n, k, a, aOff, b, bOff, actual, cOff);
        assertBits(expected, actual, "mulAdd " + shape);

        expected = c.clone();
        actual = c.clone();
        ReferenceGemm.mulAddTransA(m, n, k, a, aOff, b, bOff, expected, cOff);
        Gemm.mulAddTransA(m, n, k, a, aOff, b, bOff, actual, cOff);
        assertBits(expected, actual, "mulAddTransA " + shape);

        expected = c.clone();
        actual = c.clone();
        ReferenceGemm.mulAddTransB(m, n, k, a, aOff, b, bOff, expected, cOff);
        Gemm.mulAddTransB(m, n, k, a, aOff, b, bOff, actual, cOff);
        assertBits(expected, actual, "mulAddTransB " + shape);
    }

    @Test
    void everyShapeMatchesTheReferenceLoopsBitForBit() {
        long seed = 1;
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : new int[] {1, 3, 4, 5, 8, 127, 128, 129, 300}) {
                    if ((long) m * n * k <= 3_000_000) {
                        check(m, n, k, seed++);
                    }
                }
            }
        }
    }

    @Test
    void largeShapesOfTheBenchmarkNetworksMatchTheReference() {
        check(64, 256, 784, 7);   // MLP hidden layer, forward
        check(784, 256, 64, 8);   // its weight gradient as A·B
        check(6, 576, 25, 9);     // LeNet-5 first convolution, one sample
        check(16, 64, 150, 10);   // LeNet-5 second convolution
        check(520, 513, 260, 11); // several column and inner blocks
    }

    @Test
    void narrowProductsComputedTransposedMatchTheReference() {
        // Fewer than 32 columns and at least twice as many rows: computed as Cᵀ = Bᵀ·Aᵀ.
        check(64, 10, 256, 12);  // a 10-class head, forward
        check(256, 10, 64, 13);  // its weight gradient
        check(64, 10, 84, 14);   // LeNet-5's last layer
        check(64, 1, 784, 15);   // a one-output head
        check(62, 31, 200, 16);  // just transposed
        check(61, 31, 200, 17);  // just not
        check(1000, 3, 130, 18); // several column blocks of Cᵀ, two inner blocks
        check(200, 24, 97, 19);  // Cᵀ's column block padded from 96 up
    }

    @Test
    void stridedSubBlockLeavesEverythingElseAlone() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 37;
        int n = 300;
        int k = 70;
        double[] a = random(r, m * k);
        double[] b = random(r, k * n);
        double[] c = random(r, m * n);
        double[] expected = c.clone();
        ReferenceGemm.mulAdd(m, n, k, a, 0, b, 0, expected, 0);
        double[] actual = c.clone();
        // Columns [0, 100) then [100, 300), rows [0, 20) then [20, 37): the blocks a thread pool would run.
        for (int[] blk : new int[][] {{0, 20, 0, 100}, {20, 37, 0, 100}, {0, 20, 100, 300}, {20, 37, 100, 300}}) {
            int rows = blk[1] - blk[0];
            int cols = blk[3] - blk[2];
            Gemm.product(rows, cols, k, a, blk[0] * k, k, 1, b, blk[2], n, 1, actual, blk[0] * n + blk[2], n);
        }
        assertBits(expected, actual, "blocks");
    }

    @Test
    void productOverRowArraysMatchesTheReferenceBitForBit() {
        long seed = 1000;
        for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 16, 17, 31, 32, 35, 150}) {
            for (int n : new int[] {1, 5, 95, 96, 127, 128, 129, 512, 576}) {
                for (int k : new int[] {1, 2, 3, 4, 16, 25, 129}) {
                    if ((long) m * n * k <= 3_000_000) {
                        checkRows(m, n, k, false, seed++);
                        checkRows(m, n, k, true, seed++);
                    }
                }
            }
        }
    }

    /** The k×n matrix {@code flat} as k separate row arrays, the layout productRows reads. */
    private static double[][] rowsOf(double[] flat, int k, int n) {
        double[][] rows = new double[k][];
        for (int p = 0; p < k; p++) {
            rows[p] = java.util.Arrays.copyOfRange(flat, p * n, (p + 1) * n);
        }
        return rows;
    }

    /** productRows against the reference, A read as given or transposed (strides 1, m), as the convolutions use it. */
    private static void checkRows(int m, int n, int k, boolean transposedA, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = random(r, m * k);
        double[] flat = random(r, k * n);
        double[][] rows = rowsOf(flat, k, n);
        double[] c = random(r, m * n);
        double[] expected = c.clone();
        if (transposedA) {
            ReferenceGemm.mulAddTransA(m, n, k, a, 0, flat, 0, expected, 0);
            Gemm.productRows(m, n, k, a, 0, 1, m, rows, c, 0, n);
        } else {
            ReferenceGemm.mulAdd(m, n, k, a, 0, flat, 0, expected, 0);
            Gemm.productRows(m, n, k, a, 0, k, 1, rows, c, 0, n);
        }
        assertBits(expected, c, "productRows " + m + "x" + n + "x" + k + (transposedA ? " (Aᵀ)" : ""));
    }

    @Test
    void productFromRowStartsOverwritesCAsFillingItFirstWould() {
        long seed = 5000;
        for (int m : new int[] {1, 2, 3, 4, 5, 6, 16, 17, 150}) {
            for (int n : new int[] {1, 5, 96, 128, 129, 512, 576}) {
                for (int k : new int[] {0, 1, 3, 16, 25, 150}) {
                    if ((long) m * n * k <= 3_000_000) {
                        checkRowsFrom(m, n, k, false, seed++);
                        checkRowsFrom(m, n, k, true, seed++);
                    }
                }
            }
        }
    }

    /**
     * productRowsFrom against filling row i of C with s_i (a bias at an offset, or 0 without one)
     * and the reference product; C's old contents (NaN here) must not matter.
     */
    private static void checkRowsFrom(int m, int n, int k, boolean withStart, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = random(r, m * k);
        double[] flat = random(r, k * n);
        double[][] rows = rowsOf(flat, k, n);
        double[] start = withStart ? random(r, m + 3) : null;
        double[] expected = new double[m * n + 2];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(expected, 1 + i * n, 1 + (i + 1) * n, withStart ? start[3 + i] : 0.0);
        }
        ReferenceGemm.mulAdd(m, n, k, a, 0, flat, 0, expected, 1);
        double[] c = new double[m * n + 2];
        java.util.Arrays.fill(c, 1, 1 + m * n, Double.NaN);
        Gemm.productRowsFrom(start, 3, m, n, k, a, 0, k, 1, rows, c, 1, n);
        assertBits(expected, c, "productRowsFrom " + m + "x" + n + "x" + k + (withStart ? " with row starts" : " from 0"));
    }

    @Test
    void emptyProductsChangeNothing() {
        double[] c = {1, 2, 3};
        Gemm.mulAdd(0, 3, 5, new double[0], 0, new double[15], 0, c, 0);
        Gemm.mulAdd(1, 3, 0, new double[0], 0, new double[0], 0, c, 0);
        assertArrayEquals(new double[] {1, 2, 3}, c);
    }
}
