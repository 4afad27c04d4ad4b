package io.nnpipe.kernel;

/**
 * The copy buffers of one thread's {@link Gemm} calls: a block of B as separate rows ({@link #b},
 * {@link Gemm#KC} × {@link Gemm#NC}) and four work rows of C ({@link #c}), so that the kernels'
 * innermost loops run over distinct arrays with unit stride. Copying moves values only, never
 * adds them, so it cannot change a sum. Not thread-safe: {@link Gemm} keeps one per thread, sized
 * once (the C rows grow only for a wider product than any before).
 */
final class GemmPanels {
    final double[][] b = new double[Gemm.KC][Gemm.NC];
    double[][] c = new double[4][Gemm.NC];

    /** Grows the C rows to n columns (once per larger size, never in a steady state). */
    void fitC(int n) {
        if (c[0].length < n) {
            c = new double[4][n];
        }
    }

    /** Rows [0, kc) of B's block into the panel; a block narrower than NC gets zeros after it. */
    void packB(double[] src, int off, int row, int col, int kc, int nc) {
        int p = row == 1 && col != 1 ? packColumns(src, off, col, kc, nc) : 0;
        for (; p < kc; p++) {
            double[] dst = b[p];
            int s = off + p * row;
            if (col == 1) {
                System.arraycopy(src, s, dst, 0, nc);
            } else {
                for (int j = 0; j < nc; j++) {
                    dst[j] = src[s + j * col];
                }
            }
        }
        if (nc < Gemm.NC && nc >= Gemm.NC_PADDED_MIN) {
            for (p = 0; p < kc; p++) {
                java.util.Arrays.fill(b[p], nc, Gemm.NC, 0.0);
            }
        }
    }

    /**
     * Packs the rows of a B stored transposed (element (p, j) at {@code src[off + p + j*col]})
     * eight at a time, reading one cache line of each source row per column; returns how many
     * rows it packed (kc rounded down to a multiple of 8). Element by element down a column,
     * source rows a power-of-two distance apart evict each other from the cache (measured:
     * A·Bᵀ at 64×784×256 22 → 33 GFLOP/s).
     */
    private int packColumns(double[] src, int off, int col, int kc, int nc) {
        int p = 0;
        for (; p + 8 <= kc; p += 8) {
            double[] d0 = b[p], d1 = b[p + 1], d2 = b[p + 2], d3 = b[p + 3];
            double[] d4 = b[p + 4], d5 = b[p + 5], d6 = b[p + 6], d7 = b[p + 7];
            for (int j = 0, s = off + p; j < nc; j++, s += col) {
                d0[j] = src[s];
                d1[j] = src[s + 1];
                d2[j] = src[s + 2];
                d3[j] = src[s + 3];
                d4[j] = src[s + 4];
                d5[j] = src[s + 5];
                d6[j] = src[s + 6];
                d7[j] = src[s + 7];
            }
        }
        return p;
    }

    /**
     * The work rows' starting values: rows of C ({@code startOff} -1), else s_r =
     * {@code start[startOff + r]} (0 when start is null) in every column; zeros after column
     * nc, so padded columns stay finite.
     */
    void beginC(double[] src, int off, int row, int col, int rows, int nc, double[] start, int startOff) {
        for (int r = 0; r < rows; r++) {
            if (startOff < 0 && col == 1) {
                System.arraycopy(src, off + r * row, c[r], 0, nc);
            } else if (startOff < 0) {
                double[] cr = c[r];
                for (int j = 0, s = off + r * row; j < nc; j++, s += col) {
                    cr[j] = src[s];
                }
            } else {
                java.util.Arrays.fill(c[r], 0, nc, start == null ? 0.0 : start[startOff + r]);
            }
            if (rows == 4 && nc < Gemm.NC) {
                java.util.Arrays.fill(c[r], nc, Gemm.NC, 0.0);
            }
        }
    }

    /** The first {@code rows} work rows' columns [0, nc) back into C, row i at {@code dst[off + i*row]}, column stride col. */
    void storeC(double[] dst, int off, int row, int col, int rows, int nc) {
        for (int r = 0; r < rows; r++) {
            if (col == 1) {
                System.arraycopy(c[r], 0, dst, off + r * row, nc);
            } else {
                double[] cr = c[r];
                for (int j = 0, d = off + r * row; j < nc; j++, d += col) {
                    dst[d] = cr[j];
                }
            }
        }
    }
}
