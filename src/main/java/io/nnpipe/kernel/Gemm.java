package io.nnpipe.kernel;

/**
 * Dense matrix products on flat row-major {@code double[]} arrays with offsets: C += A·B,
 * C += Aᵀ·B and C += A·Bᵀ, and {@link #product} for any row and column strides.
 *
 * <p>Summation order (the determinism contract): every element c of C is updated by adding its
 * terms one at a time, in increasing order of the inner index, starting from c's current value:
 * c = (((c + a_0·b_0) + a_1·b_1) + ...), each product rounded before it is added (no fused
 * multiply-add). No sum is split into partial sums, so the result does not depend on how this
 * class blocks or vectorises across independent outputs, nor on the CPU's vector width. C must
 * not overlap A or B. All arguments but C are not modified. Calls from several threads at once
 * are safe as long as their C blocks do not overlap.
 *
 * <p>How it is fast (see docs/performance.md): the inner index is cut into blocks of {@link #KC}
 * (taken in increasing order, so each c still sees its terms in order) and the columns into
 * blocks of {@link #NC}; each block of B is copied into separate row arrays, and four (or two, or
 * one) rows of C at a time into separate row arrays, so that the innermost loop runs over distinct arrays with unit
 * stride, which C2 vectorises across the columns. Within that loop each c element takes three
 * terms of its sum, in order, while it is in a register. Small products skip the copying. A
 * product with few columns and many rows (a classifier's head) is computed as Cᵀ = Bᵀ·Aᵀ, so
 * that the vectorised loop runs along its long side.
 */
public final class Gemm {
    /** Inner-index block: rows of B copied at once. */
    static final int KC = 128;
    /**
     * Column block: width of the copied B rows and C rows. A compile-time constant on purpose: the
     * four-row kernel's loop runs to exactly NC, and C2 vectorises that body only when its trip
     * count is a constant (measured: 38–43 GFLOP/s against 12–13 with a variable bound).
     */
    static final int NC = 128;
    /** Narrowest block the four-row kernel takes, padded to NC with zeros (at most 25 % wasted). */
    static final int NC_PADDED_MIN = 96;
    /** Below this many multiply-adds the plain loops win (no copying). */
    static final long SMALL = 4096;
    /**
     * Products with fewer columns than this (and at least twice as many rows) are computed as
     * Cᵀ = Bᵀ·Aᵀ, so that the inner loop runs along C's rows: a 10-class head's 64×10 output
     * is 10 rows of 64 instead of 64 rows of 10 (one vector and a scalar tail).
     */
    static final int NARROW = 32;

    /** Per-thread copy buffers: never observable, sized once per thread. */
    private static final ThreadLocal<GemmPanels> PANELS = ThreadLocal.withInitial(GemmPanels::new);

    private Gemm() {
    }

    /**
     * C[m×n] += A[m×k] · B[k×n].
     *
     * @param a read at {@code a[aOff + i*k + p]}
     * @param b read at {@code b[bOff + p*n + j]}
     * @param c modified at {@code c[cOff + i*n + j]}
     */
    public static void mulAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        product(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, cOff, n);
    }

    /**
     * C[m×n] += Aᵀ · B, where A is stored as [k×m].
     *
     * @param a read at {@code a[aOff + p*m + i]}
     * @param b read at {@code b[bOff + p*n + j]}
     * @param c modified at {@code c[cOff + i*n + j]}
     */
    public static void mulAddTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        product(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, n);
    }

    /**
     * C[m×n] += A · Bᵀ, where B is stored as [n×k].
     *
     * @param a read at {@code a[aOff + i*k + p]}
     * @param b read at {@code b[bOff + j*k + p]}
     * @param c modified at {@code c[cOff + i*n + j]}
     */
    public static void mulAddTransB(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        product(m, n, k, a, aOff, k, 1, b, bOff, 1, k, c, cOff, n);
    }

    /**
     * C[m×n] += A[m×k] · B[k×n] for matrices given by strides: element (i, p) of A is
     * {@code a[aOff + i*aRow + p*aCol]}, element (p, j) of B is {@code b[bOff + p*bRow + j*bCol]},
     * element (i, j) of C is {@code c[cOff + i*cRow + j]} (modified). Used for sub-blocks and
     * transposed operands without copying them first.
     */
    public static void product(int m, int n, int k, double[] a, int aOff, int aRow, int aCol,
            double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int cRow) {
        if (m <= 0 || n <= 0 || k <= 0) {
            return;
        }
        if ((long) m * n * k <= SMALL) {
            plain(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, cRow);
            return;
        }
        if (n < NARROW && m >= 2 * n) {
            // Cᵀ = Bᵀ·Aᵀ: the long side of C becomes the vectorised one. Every element of C still
            // gets the same terms in the same order; only which loop walks it changes.
            blocked(n, m, k, b, bOff, bCol, bRow, a, aOff, aCol, aRow, c, cOff, 1, cRow);
            return;
        }
        if (n < 4) {
            plain(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, cRow);
            return;
        }
        blocked(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, cRow, 1);
    }

    /**
     * The blocked product for C elements at {@code c[cOff + i*cRow + j*cCol]}: B's blocks copied
     * into the panel, C's rows into the work rows (a column stride other than 1 only for the
     * transposed narrow products).
     */
    private static void blocked(int m, int n, int k, double[] a, int aOff, int aRow, int aCol,
            double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int cRow, int cCol) {
        GemmPanels ws = PANELS.get();
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            for (int j0 = 0; j0 < n; j0 += NC) {
                int nc = Math.min(NC, n - j0);
                ws.packB(b, bOff + p0 * bRow + j0 * bCol, bRow, bCol, kc, nc);
                tiles(ws, m, kc, nc, a, aOff + p0 * aCol, aRow, aCol, ws.b, true, null, -1, c, cOff + j0 * cCol, cRow, cCol);
            }
        }
    }

    /**
     * C[m×n] += A[m×k] · B[k×n] where row p of B is the array {@code b[p]} (elements [0, n)), as
     * {@link #product} for A and C (here all n columns are one block). Lets a caller that builds B itself (e.g. by unfolding an image)
     * write it straight into the layout the inner loop wants, instead of having it copied again.
     */
    public static void productRows(int m, int n, int k, double[] a, int aOff, int aRow, int aCol,
            double[][] b, double[] c, int cOff, int cRow) {
        rowsProduct(m, n, k, a, aOff, aRow, aCol, b, null, -1, c, cOff, cRow);
    }

    /**
     * C[m×n] = s_i + A[m×k] · B[k×n], every element of C overwritten, where s_i is
     * {@code start[startOff + i]} (e.g. a bias per row), or 0 for every row when {@code start}
     * is null; B as in {@link #productRows}. The same bits as filling row i of C with s_i and
     * calling {@link #productRows} (each element's sum starts from s_i and adds its terms in
     * order), without writing C's rows first and reading them back: the kernels start their
     * work rows from s_i instead.
     */
    public static void productRowsFrom(double[] start, int startOff, int m, int n, int k, double[] a, int aOff, int aRow,
            int aCol, double[][] b, double[] c, int cOff, int cRow) {
        rowsProduct(m, n, k, a, aOff, aRow, aCol, b, start, start == null ? 0 : startOff, c, cOff, cRow);
    }

    /** productRows ({@code startOff} -1: accumulate) or productRowsFrom ({@code startOff} ≥ 0). */
    private static void rowsProduct(int m, int n, int k, double[] a, int aOff, int aRow, int aCol,
            double[][] b, double[] start, int startOff, double[] c, int cOff, int cRow) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (startOff >= 0) {
            if (k <= 0 || (long) m * n * k <= SMALL) {
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * cRow;
                    java.util.Arrays.fill(c, ci, ci + n, start == null ? 0.0 : start[startOff + i]);
                }
                startOff = -1;
            }
        }
        if (k <= 0) {
            return;
        }
        if ((long) m * n * k <= SMALL) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * cRow;
                for (int p = 0; p < k; p++) {
                    double av = a[aOff + i * aRow + p * aCol];
                    double[] bp = b[p];
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * bp[j];
                    }
                }
            }
            return;
        }
        GemmPanels ws = PANELS.get();
        ws.fitC(n);
        tiles(ws, m, k, n, a, aOff, aRow, aCol, b, false, start, startOff, c, cOff, cRow, 1);
    }

    /**
     * All rows of C, four at a time while the block is wide enough for the four-row kernel, then
     * two and one, for one block of columns and of the inner index; B's rows are read from index
     * 0. {@code padded}: B's rows are NC long with zeros after column nc (the packed panel), so the
     * four-row kernel may run over the whole NC and only nc columns are stored back. NOTE: a column
     * offset into B's rows (b0[j0 + j]) stops C2 from vectorising the inner loop (measured: 29 → 5
     * GFLOP/s), hence whole rows and copies.
     */
    private static void tiles(GemmPanels ws, int m, int kc, int nc, double[] a, int aOff, int aRow, int aCol,
            double[][] b, boolean padded, double[] start, int startOff, double[] c, int cOff, int cRow, int cCol) {
        int i = 0;
        if (nc == NC || (padded && nc >= NC_PADDED_MIN)) {
            for (; i + 4 <= m; i += 4) {
                ws.beginC(c, cOff + i * cRow, cRow, cCol, 4, nc, start, startOff < 0 ? -1 : startOff + i);
                rows4(ws, kc, a, aOff + i * aRow, aRow, aCol, b);
                ws.storeC(c, cOff + i * cRow, cRow, cCol, 4, nc);
            }
        }
        for (; i + 2 <= m; i += 2) {
            ws.beginC(c, cOff + i * cRow, cRow, cCol, 2, nc, start, startOff < 0 ? -1 : startOff + i);
            rows2(ws, kc, nc, a, aOff + i * aRow, aRow, aCol, b);
            ws.storeC(c, cOff + i * cRow, cRow, cCol, 2, nc);
        }
        if (i < m) {
            ws.beginC(c, cOff + i * cRow, cRow, cCol, 1, nc, start, startOff < 0 ? -1 : startOff + i);
            row1(ws, kc, nc, a, aOff + i * aRow, aCol, b);
            ws.storeC(c, cOff + i * cRow, cRow, cCol, 1, nc);
        }
    }

    /** The plain loops: i, then p, then j, so each c gets its terms in increasing p. */
    private static void plain(int m, int n, int k, double[] a, int aOff, int aRow, int aCol,
            double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int cRow) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * cRow;
            int ai = aOff + i * aRow;
            for (int p = 0; p < k; p++) {
                double av = a[ai + p * aCol];
                int bp = bOff + p * bRow;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j * bCol];
                }
            }
        }
    }

    /**
     * Four rows of C (in ws.c) += their rows of A · the packed block of B, three terms at a time:
     * per column, three loads of B serve twelve products. NOTE: C2 vectorises this body (measured
     * in L2, 128 or 256 columns: 38–43 GFLOP/s against 30–34 for two rows); larger bodies (four rows × four terms,
     * five rows × three) it no longer unrolls and vectorises at all (11–13 GFLOP/s).
     */
    private static void rows4(GemmPanels ws, int kc, double[] a, int ai, int aRow, int aCol, double[][] b) {
        double[] c0 = ws.c[0];
        double[] c1 = ws.c[1];
        double[] c2 = ws.c[2];
        double[] c3 = ws.c[3];
        int a1 = ai + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        int p = 0;
        for (; p + 3 <= kc; p += 3) {
            int q0 = p * aCol;
            int q1 = q0 + aCol;
            int q2 = q1 + aCol;
            double x0 = a[ai + q0], x1 = a[ai + q1], x2 = a[ai + q2];
            double z0 = a[a1 + q0], z1 = a[a1 + q1], z2 = a[a1 + q2];
            double u0 = a[a2 + q0], u1 = a[a2 + q1], u2 = a[a2 + q2];
            double v0 = a[a3 + q0], v1 = a[a3 + q1], v2 = a[a3 + q2];
            double[] b0 = b[p];
            double[] b1 = b[p + 1];
            double[] b2 = b[p + 2];
            for (int j = 0; j < NC; j++) {
                double y0 = b0[j], y1 = b1[j], y2 = b2[j];
                c0[j] = ((c0[j] + x0 * y0) + x1 * y1) + x2 * y2;
                c1[j] = ((c1[j] + z0 * y0) + z1 * y1) + z2 * y2;
                c2[j] = ((c2[j] + u0 * y0) + u1 * y1) + u2 * y2;
                c3[j] = ((c3[j] + v0 * y0) + v1 * y1) + v2 * y2;
            }
        }
        for (; p < kc; p++) {
            int q = p * aCol;
            double x0 = a[ai + q], z0 = a[a1 + q], u0 = a[a2 + q], v0 = a[a3 + q];
            double[] b0 = b[p];
            for (int j = 0; j < NC; j++) {
                double y = b0[j];
                c0[j] += x0 * y;
                c1[j] += z0 * y;
                c2[j] += u0 * y;
                c3[j] += v0 * y;
            }
        }
    }

    /**
     * Two rows of C (in ws.c) += their rows of A · the packed block of B, three terms at a time.
     * NOTE: the loop body is kept this small on purpose: C2 only vectorises a loop it can unroll,
     * and it unrolls only small bodies (two rows × three terms for the last pair of rows; four rows × four
     * terms is not vectorised at all, see docs/performance.md).
     */
    private static void rows2(GemmPanels ws, int kc, int nc, double[] a, int ai, int aRow, int aCol, double[][] b) {
        double[] c0 = ws.c[0];
        double[] c1 = ws.c[1];
        int a1 = ai + aRow;
        int p = 0;
        for (; p + 3 <= kc; p += 3) {
            int q0 = p * aCol;
            int q1 = q0 + aCol;
            int q2 = q1 + aCol;
            double x0 = a[ai + q0], x1 = a[ai + q1], x2 = a[ai + q2];
            double z0 = a[a1 + q0], z1 = a[a1 + q1], z2 = a[a1 + q2];
            double[] b0 = b[p];
            double[] b1 = b[p + 1];
            double[] b2 = b[p + 2];
            for (int j = 0; j < nc; j++) {
                double y0 = b0[j], y1 = b1[j], y2 = b2[j];
                c0[j] = ((c0[j] + x0 * y0) + x1 * y1) + x2 * y2;
                c1[j] = ((c1[j] + z0 * y0) + z1 * y1) + z2 * y2;
            }
        }
        for (; p < kc; p++) {
            double x0 = a[ai + p * aCol];
            double z0 = a[a1 + p * aCol];
            double[] b0 = b[p];
            for (int j = 0; j < nc; j++) {
                double y = b0[j];
                c0[j] += x0 * y;
                c1[j] += z0 * y;
            }
        }
    }

    /** One row of C (in ws.c[0]) += its row of A · rows [0, kc) of B (columns [0, nc)), three terms at a time. */
    private static void row1(GemmPanels ws, int kc, int nc, double[] a, int ai, int aCol, double[][] b) {
        double[] c0 = ws.c[0];
        int p = 0;
        for (; p + 3 <= kc; p += 3) {
            int q = ai + p * aCol;
            double x0 = a[q], x1 = a[q + aCol], x2 = a[q + 2 * aCol];
            double[] b0 = b[p];
            double[] b1 = b[p + 1];
            double[] b2 = b[p + 2];
            for (int j = 0; j < nc; j++) {
                c0[j] = ((c0[j] + x0 * b0[j]) + x1 * b1[j]) + x2 * b2[j];
            }
        }
        for (; p < kc; p++) {
            double x0 = a[ai + p * aCol];
            double[] b0 = b[p];
            for (int j = 0; j < nc; j++) {
                c0[j] += x0 * b0[j];
            }
        }
    }
}
