package io.nnpipe.kernel;

/**
 * The windows form of a convolution's weight gradient (see {@link ConvWeightGradient}): the task
 * keeps its rows of dW in separate arrays (one per output channel, all C·kh·kw columns) for the
 * whole batch and adds each sample's terms three positions at a time: it lays out those three
 * windows (one row of C·kh·kw values each), then updates every row of dW with them in one
 * vectorisable loop over the columns, the same loop shape as {@link Gemm}'s (two rows × three
 * terms, distinct arrays indexed from the same j, which C2 vectorises). The windows stay in the L1
 * cache while all rows use them; laying out a whole sample first and multiplying after read them
 * back from L2 once per pair of rows (measured on LeNet-5's second layer: 15.8 µs a sample
 * against 11.3 this way).
 *
 * <p>Order: each element adds the terms of one sample position by position in order, each product
 * rounded before the add; the caller takes the samples in order. Reads the image {@code img} with
 * the padded geometry (padding already in the image, so a window needs no bounds checks).
 */
final class ConvDwWindows {
    private final int kw;
    private final int sw;
    private final int ow;
    private final int positions;
    private final int k;
    private final int rowStep;
    /** Offset in the image of kernel row (c, ki), relative to the window's top-left corner. */
    private final int[] kernelRows;

    ConvDwWindows(Im2col geo) {
        this.kw = geo.kw();
        this.sw = geo.sw();
        this.ow = geo.outWidth();
        this.positions = geo.cols();
        this.k = geo.rows();
        int imgRow = geo.width() + 2 * geo.pw();
        int imgPlane = (geo.height() + 2 * geo.ph()) * imgRow;
        this.rowStep = geo.sh() * imgRow;
        this.kernelRows = new int[geo.channels() * geo.kh()];
        for (int c = 0; c < geo.channels(); c++) {
            for (int ki = 0; ki < geo.kh(); ki++) {
                kernelRows[c * geo.kh() + ki] = c * imgPlane + ki * imgRow;
            }
        }
    }

    /**
     * rows[o][r] += Σ_p dy[dyOff + o·P + p] · window_p[r] for o in [0, n), one sample, positions
     * in order; the sample's padded image at {@code img[base ..]}; {@code ring}: three rows of k.
     */
    void addSample(double[] img, int base, double[] dy, int dyOff, double[][] rows, int n, double[][] ring) {
        int p = 0;
        for (; p + 3 <= positions; p += 3) {
            window(img, base, p, ring);
            window(img, base, p + 1, ring);
            window(img, base, p + 2, ring);
            int o = 0;
            for (; o + 2 <= n; o += 2) {
                int d = dyOff + o * positions + p;
                rows2(rows[o], rows[o + 1], dy, d, d + positions, ring);
            }
            if (o < n) {
                rows1(rows[o], dy, dyOff + o * positions + p, ring);
            }
        }
        for (; p < positions; p++) {
            window(img, base, p, ring);
            double[] b = ring[p % 3];
            for (int o = 0; o < n; o++) {
                double[] c = rows[o];
                double e = dy[dyOff + o * positions + p];
                for (int j = 0; j < k; j++) {
                    c[j] += e * b[j];
                }
            }
        }
    }

    /** Two rows += three positions' terms, in order: c = ((c + x0·b0) + x1·b1) + x2·b2. */
    private void rows2(double[] c0, double[] c1, double[] dy, int d0, int d1, double[][] ring) {
        double[] b0 = ring[0];
        double[] b1 = ring[1];
        double[] b2 = ring[2];
        double x0 = dy[d0], x1 = dy[d0 + 1], x2 = dy[d0 + 2];
        double z0 = dy[d1], z1 = dy[d1 + 1], z2 = dy[d1 + 2];
        for (int j = 0; j < k; j++) {
            double y0 = b0[j], y1 = b1[j], y2 = b2[j];
            c0[j] = ((c0[j] + x0 * y0) + x1 * y1) + x2 * y2;
            c1[j] = ((c1[j] + z0 * y0) + z1 * y1) + z2 * y2;
        }
    }

    /** One row += three positions' terms, in order. */
    private void rows1(double[] c0, double[] dy, int d0, double[][] ring) {
        double[] b0 = ring[0];
        double[] b1 = ring[1];
        double[] b2 = ring[2];
        double x0 = dy[d0], x1 = dy[d0 + 1], x2 = dy[d0 + 2];
        for (int j = 0; j < k; j++) {
            c0[j] = ((c0[j] + x0 * b0[j]) + x1 * b1[j]) + x2 * b2[j];
        }
    }

    /**
     * Lays out the window of position p into {@code ring[p % 3]}. Along an output row, each
     * kernel row of window p is that of window p−1 shifted by the stride, so (stride below the
     * kernel width) the previous window, in {@code ring[(p − 1) % 3]}, is copied shifted and only
     * the last {@code sw} columns of each kernel row are read from the image.
     */
    private void window(double[] img, int base, int p, double[][] ring) {
        double[] row = ring[p % 3];
        int oy = p / ow;
        int ox = p - oy * ow;
        int top = base + oy * rowStep + ox * sw;
        int from = 0;
        if (ox > 0 && sw < kw) {
            System.arraycopy(ring[(p + 2) % 3], sw, row, 0, k - sw);
            from = kw - sw;
        }
        for (int g = 0, r = 0; g < kernelRows.length; g++, r += kw) {
            int src = top + kernelRows[g];
            for (int kj = from; kj < kw; kj++) {
                row[r + kj] = img[src + kj];
            }
        }
    }
}
