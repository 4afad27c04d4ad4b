package io.nnpipe.kernel;

/**
 * C += A·B (as {@link Gemm#product}) cut into fixed tiles of C, {@link #ROWS} × {@link #COLS},
 * run as independent tasks of a {@link Parallel}. The tiles depend only on the shape, and each
 * element of C is computed whole by one tile in Gemm's order, so the bits do not depend on the
 * thread count. One instance serves one call site and is reused, so a step allocates nothing;
 * it is not thread-safe.
 */
public final class TiledProduct implements Parallel.Task {
    /** Rows of C per tile: B's block is copied once per tile, so this bounds that overhead to 1/ROWS. */
    static final int ROWS = 32;
    /** Columns of C per tile. */
    static final int COLS = 128;
    /** Products smaller than this many multiply-adds run as one task: waking threads costs more. */
    static final long MIN_PARALLEL = 1 << 16;

    private int m;
    private int n;
    private int k;
    private double[] a;
    private int aOff;
    private int aRow;
    private int aCol;
    private double[] b;
    private int bOff;
    private int bRow;
    private int bCol;
    private double[] c;
    private int cOff;
    private int cRow;
    private int colTiles;

    /** C[m×n] += A[m×k]·B[k×n], strides as in {@link Gemm#product}, on the threads of {@code parallel}. */
    public void run(Parallel parallel, int m, int n, int k, double[] a, int aOff, int aRow, int aCol,
            double[] b, int bOff, int bRow, int bCol, double[] c, int cOff, int cRow) {
        if ((long) m * n * k < MIN_PARALLEL || parallel.threads() == 1) {
            // Same tiles would give the same bits; one call just skips the task bookkeeping.
            Gemm.product(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, cRow);
            return;
        }
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.aRow = aRow;
        this.aCol = aCol;
        this.b = b;
        this.bOff = bOff;
        this.bRow = bRow;
        this.bCol = bCol;
        this.c = c;
        this.cOff = cOff;
        this.cRow = cRow;
        this.colTiles = (n + COLS - 1) / COLS;
        int rowTiles = (m + ROWS - 1) / ROWS;
        try {
            parallel.forEach(rowTiles * colTiles, this);
        } finally {
            this.a = null;
            this.b = null;
            this.c = null;
        }
    }

    /** One tile. */
    @Override
    public void run(int task, int worker) {
        int i0 = task / colTiles * ROWS;
        int j0 = task % colTiles * COLS;
        Gemm.product(Math.min(ROWS, m - i0), Math.min(COLS, n - j0), k, a, aOff + i0 * aRow, aRow, aCol,
                b, bOff + j0 * bCol, bRow, bCol, c, cOff + i0 * cRow + j0, cRow);
    }
}
