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
     * Unfolds image {@code x[xOff ..]} into {@code col[0 .. rows·cols)} (overwritten): the plain
     * definition, element by element; the variants below are checked against it (Im2colTest).
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
     * Adds the columns back into image {@code dx[dxOff ..]} (the adjoint of {@link #unfold}) from a
     * column matrix stored at {@code col[colOff + r*colRow + p]} (e.g. one sample's block of a
     * matrix that holds several samples side by side): every dx element receives its terms in
     * increasing row r = (c, ki, kj), as adding row after row, column after column, would give;
     * padding positions are dropped.
     *
     * <p>The loops run by (c, ki), then output row oy, then kj: one image row takes the kw
     * shifted runs of its window row while it is in L1, and each element still gets its terms in
     * order of ki, then kj, i.e. of r (LeNet-5's second layer: 74 → 67 µs a group of 8 images
     * against row after row).
     */
    public void foldAdd(double[] col, int colOff, int colRow, double[] dx, int dxOff) {
        int oh = outHeight();
        int ow = outWidth();
        // no window column clipped by padding or the image's edge: every run is [0, ow)
        boolean whole = pw == 0 && (ow - 1) * sw + kw <= width;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                int r0 = (c * kh + ki) * kw;
                for (int oy = 0; oy < oh; oy++) {
                    int iy = oy * sh + ki - ph;
                    if (iy < 0 || iy >= height) {
                        continue;
                    }
                    int dstRow = dxOff + (c * height + iy) * width - pw;
                    for (int kj = 0; kj < kw; kj++) {
                        int from = whole ? 0 : firstInside(kj, sw, pw, ow);
                        int to = whole ? ow : endInside(kj, sw, pw, width, ow, from);
                        int dst = dstRow + kj;
                        int src = colOff + (r0 + kj) * colRow + oy * ow;
                        if (sw == 1) {
                            for (int ox = from; ox < to; ox++) {
                                dx[dst + ox] += col[src + ox];
                            }
                        } else {
                            for (int ox = from; ox < to; ox++) {
                                dx[dst + ox * sw] += col[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The first output column (of {@code outs}) whose window column {@code kj} lies inside the
     * image (stride s, padding pad); {@code outs} when none does. NOTE: without that bound a kernel
     * wider than the image and one side's padding (width 1, kernel 5, padding 2) gave a first
     * column past the last and failed in the forward pass (found in QA's second pass).
     */
    private static int firstInside(int kj, int s, int pad, int outs) {
        return pad > kj ? Math.min(outs, (pad - kj + s - 1) / s) : 0;
    }

    /** One past the last output column (of {@code outs}) whose window column {@code kj} lies inside {@code size}. */
    private static int endInside(int kj, int s, int pad, int size, int outs, int from) {
        int last = size - 1 + pad - kj; // ox·s may be at most this
        return last < 0 ? from : Math.max(from, Math.min(outs, last / s + 1));
    }

    /**
     * As {@link #unfold}, into separate row arrays: {@code rows[r][colOff + p]} for r in
     * [0, rows()), p in [0, cols()) (overwritten), the layout {@link Gemm#productRows} reads
     * without copying; {@code colOff} places a sample beside others in the same rows. Each window
     * column's run of positions inside the image is copied at once (System.arraycopy for stride
     * 1), the padding filled with zeros around it.
     */
    public void unfoldRows(double[] x, int xOff, double[][] rows, int colOff) {
        int oh = outHeight();
        int ow = outWidth();
        int r = 0;
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, r++) {
                    double[] row = rows[r];
                    int from = firstInside(kj, sw, pw, ow);
                    int to = endInside(kj, sw, pw, width, ow, from);
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh + ki - ph;
                        int base = colOff + oy * ow;
                        if (iy < 0 || iy >= height) {
                            java.util.Arrays.fill(row, base, base + ow, 0.0);
                            continue;
                        }
                        if (from > 0 || to < ow) {
                            java.util.Arrays.fill(row, base, base + from, 0.0);
                            java.util.Arrays.fill(row, base + to, base + ow, 0.0);
                        }
                        int src = xOff + (c * height + iy) * width + kj - pw;
                        if (sw == 1) {
                            if (to > from) { // src + from is outside x when no column is inside
                                System.arraycopy(x, src + from, row, base + from, to - from);
                            }
                        } else {
                            for (int ox = from; ox < to; ox++) {
                                row[base + ox] = x[src + ox * sw];
                            }
                        }
                    }
                }
            }
        }
    }
}
