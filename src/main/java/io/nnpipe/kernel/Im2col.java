package io.nnpipe.kernel;

/**
 * The geometry of a 2-D convolution or pooling window over one [C][H][W] image, and the
 * unfolding of that image into columns: row r = (c, ki, kj) in that order, column p = (oy, ox),
 * value x[c][oy·sh + ki - ph][ox·sw + kj - pw], or 0 in the padding.
 */
public record Im2col(int channels, int height, int width, int kh, int kw, int sh, int sw, int ph, int pw) {

    /** Output height: floor((H + 2ph - kh) / sh) + 1. */
    public int outHeight() {
        return (height + 2 * ph - kh) / sh + 1;
    }

    /** Output width: floor((W + 2pw - kw) / sw) + 1. */
    public int outWidth() {
        return (width + 2 * pw - kw) / sw + 1;
    }

    /** Rows of the column matrix: C·kh·kw. */
    public int rows() {
        return channels * kh * kw;
    }

    /** Columns of the column matrix: outHeight·outWidth. */
    public int cols() {
        return outHeight() * outWidth();
    }

    /**
     * Unfolds image {@code x[xOff ..]} into {@code col[0 .. rows·cols)} (overwritten).
     */
    public void unfold(double[] x, int xOff, double[] col) {
        int oh = outHeight();
        int ow = outWidth();
        int r = 0;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, r++) {
                    int rowBase = r * oh * ow;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh + ki - ph;
                        int base = rowBase + oy * ow;
                        if (iy < 0 || iy >= height) {
                            java.util.Arrays.fill(col, base, base + ow, 0.0);
                            continue;
                        }
                        int xRow = xOff + (c * height + iy) * width;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw + kj - pw;
                            col[base + ox] = ix >= 0 && ix < width ? x[xRow + ix] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds the columns back into image {@code dx[dxOff ..]} (the adjoint of {@link #unfold}):
     * for each row r in order, then each column p in order, dx at that position += col[r][p];
     * padding positions are dropped.
     */
    public void foldAdd(double[] col, double[] dx, int dxOff) {
        int oh = outHeight();
        int ow = outWidth();
        int r = 0;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, r++) {
                    int rowBase = r * oh * ow;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh + ki - ph;
                        if (iy < 0 || iy >= height) {
                            continue;
                        }
                        int xRow = dxOff + (c * height + iy) * width;
                        int base = rowBase + oy * ow;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw + kj - pw;
                            if (ix >= 0 && ix < width) {
                                dx[xRow + ix] += col[base + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * As {@link #unfold}, into separate row arrays: {@code rows[r][p]} for r in [0, rows()), p in
     * [0, cols()) (overwritten), the layout {@link Gemm#productRows} reads without copying.
     */
    public void unfoldRows(double[] x, int xOff, double[][] rows) {
        int oh = outHeight();
        int ow = outWidth();
        int r = 0;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, r++) {
                    double[] row = rows[r];
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh + ki - ph;
                        int base = oy * ow;
                        if (iy < 0 || iy >= height) {
                            java.util.Arrays.fill(row, base, base + ow, 0.0);
                            continue;
                        }
                        int xRow = xOff + (c * height + iy) * width;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * sw + kj - pw;
                            row[base + ox] = ix >= 0 && ix < width ? x[xRow + ix] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /**
     * For each row r = (c, ki, kj) of the column matrix, three ints: the offset of its first
     * element within the image, (c·H + ki)·W + kj, then ki and kj. Computed once per layer for
     * {@link #unfoldTransposed}.
     */
    public int[] windowTable() {
        int[] table = new int[3 * rows()];
        int r = 0;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, r++) {
                    table[3 * r] = (c * height + ki) * width + kj;
                    table[3 * r + 1] = ki;
                    table[3 * r + 2] = kj;
                }
            }
        }
        return table;
    }

    /**
     * A block of the transposed column matrix: {@code rows[q][t]} = col[r0 + t][p0 + q] for q in
     * [0, pc), t in [0, rc) (overwritten), i.e. positions as rows and unfolded-window entries as
     * columns, the B operand of the weight gradient dW += dy·colᵀ. {@code table} is
     * {@link #windowTable()}. Each destination row is written in order; without padding no bounds
     * are checked.
     */
    public void unfoldTransposed(double[] x, int xOff, int p0, int pc, int r0, int rc, int[] table, double[][] rows) {
        int ow = outWidth();
        int oy = p0 / ow;
        int ox = p0 - oy * ow;
        boolean padded = ph > 0 || pw > 0;
        for (int q = 0; q < pc; q++) {
            double[] row = rows[q];
            int y0 = oy * sh - ph;
            int x0 = ox * sw - pw;
            int base = xOff + y0 * width + x0;
            if (!padded) {
                for (int t = 0; t < rc; t++) {
                    row[t] = x[base + table[3 * (r0 + t)]];
                }
            } else {
                for (int t = 0; t < rc; t++) {
                    int e = 3 * (r0 + t);
                    int iy = y0 + table[e + 1];
                    int ix = x0 + table[e + 2];
                    row[t] = iy >= 0 && iy < height && ix >= 0 && ix < width ? x[base + table[e]] : 0.0;
                }
            }
            if (++ox == ow) {
                ox = 0;
                oy++;
            }
        }
    }
}
