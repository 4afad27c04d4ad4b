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
}
