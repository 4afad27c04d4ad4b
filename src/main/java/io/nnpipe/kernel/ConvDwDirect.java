package io.nnpipe.kernel;

/**
 * The direct form of a convolution's weight gradient (see {@link ConvWeightGradient}): no windows
 * are laid out; each kernel keeps the sums of 3 output channels × up to 5 kernel columns in
 * local variables while it runs over one sample's output positions in order, reading the input
 * image at the window's offset. Scalar code (C2 does not vectorise loads at shifted offsets), but
 * 15 independent sums per position keep both floating-point pipes busy; for narrow weight rows
 * (LeNet-5's first layer: 25 values per output channel) that beats laying out the windows.
 *
 * <p>Order: for each element, the terms of one sample are added position by position in order,
 * starting from its current value, each product rounded before the add; the caller takes the
 * samples in order. Reads the image {@code img} with the padded geometry (rows of
 * {@code W + 2·pw}, planes of {@code H + 2·ph} rows, no bounds: padding is already in the image).
 */
final class ConvDwDirect {
    /** Output channels per kernel call. */
    static final int CHANNELS = 3;
    /** Kernel columns per kernel call, at most. */
    static final int COLUMNS = 5;

    private final int channels;
    private final int kh;
    private final int kw;
    /** Index step of the image between output rows (sh image rows), and between output columns. */
    private final int rowStep;
    private final int sw;
    private final int oh;
    private final int ow;
    private final int positions;
    /** Width of dW (C·kh·kw) and the padded image's row and plane sizes. */
    private final int k;
    private final int imgRow;
    private final int imgPlane;

    ConvDwDirect(Im2col geo) {
        this.channels = geo.channels();
        this.kh = geo.kh();
        this.kw = geo.kw();
        this.imgRow = geo.width() + 2 * geo.pw();
        this.imgPlane = (geo.height() + 2 * geo.ph()) * imgRow;
        this.rowStep = geo.sh() * imgRow;
        this.sw = geo.sw();
        this.oh = geo.outHeight();
        this.ow = geo.outWidth();
        this.positions = geo.cols();
        this.k = geo.rows();
    }

    /**
     * dW[o][·] += one sample's terms for the {@code n} (≤ 3) output channels from {@code o0}:
     * the sample's padded image at {@code img[base ..]}, its dy at {@code dy[dyOff + o·P + p]}
     * for o relative to o0, dW row o at {@code dw[o·k ..]}.
     */
    void addSample(double[] img, int base, double[] dy, int dyOff, double[] dw, int o0, int n) {
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                int xb = base + c * imgPlane + ki * imgRow;
                int w0 = o0 * k + (c * kh + ki) * kw;
                for (int kj = 0; kj < kw; kj += COLUMNS) {
                    kernel(Math.min(COLUMNS, kw - kj), img, xb + kj, dy, dyOff, dw, w0 + kj, n);
                }
            }
        }
    }

    /** One call of the kernel for {@code columns} kernel columns. */
    private void kernel(int columns, double[] img, int xb, double[] dy, int d0, double[] dw, int w0, int n) {
        switch (columns) {
            case 1 -> k3x1(img, xb, dy, d0, dw, w0, n);
            case 2 -> k3x2(img, xb, dy, d0, dw, w0, n);
            case 3 -> k3x3(img, xb, dy, d0, dw, w0, n);
            case 4 -> k3x4(img, xb, dy, d0, dw, w0, n);
            default -> k3x5(img, xb, dy, d0, dw, w0, n);
        }
    }

    // The kernels below are one pattern written out for each width (generated, then checked bit
    // for bit against the plain loops by ConvWeightGradientTest). A channel past n reads channel
    // n-1's dy and dW again; its sums are dropped, so the loop body stays the same for every n.

    /** 3 output channels × 1 kernel column. */
    private void k3x1(double[] img, int xb, double[] dy, int d0, double[] dw, int w0, int n) {
        int rowStep = this.rowStep, sw = this.sw, oh = this.oh, ow = this.ow;
        int d1 = d0 + Math.min(1, n - 1) * positions;
        int w1 = w0 + Math.min(1, n - 1) * k;
        int d2 = d0 + Math.min(2, n - 1) * positions;
        int w2 = w0 + Math.min(2, n - 1) * k;
        double a00 = dw[w0];
        double a10 = dw[w1];
        double a20 = dw[w2];
        for (int oy = 0, q = 0; oy < oh; oy++) {
            int xr = xb + oy * rowStep;
            for (int ox = 0; ox < ow; ox++, q++) {
                int xi = xr + ox * sw;
                double x0 = img[xi];
                double e0 = dy[d0 + q], e1 = dy[d1 + q], e2 = dy[d2 + q];
                a00 += e0 * x0;
                a10 += e1 * x0;
                a20 += e2 * x0;
            }
        }
        dw[w0] = a00;
        if (n > 1) {
            dw[w1] = a10;
        }
        if (n > 2) {
            dw[w2] = a20;
        }
    }

    /** 3 output channels × 2 kernel columns. */
    private void k3x2(double[] img, int xb, double[] dy, int d0, double[] dw, int w0, int n) {
        int rowStep = this.rowStep, sw = this.sw, oh = this.oh, ow = this.ow;
        int d1 = d0 + Math.min(1, n - 1) * positions;
        int w1 = w0 + Math.min(1, n - 1) * k;
        int d2 = d0 + Math.min(2, n - 1) * positions;
        int w2 = w0 + Math.min(2, n - 1) * k;
        double a00 = dw[w0], a01 = dw[w0 + 1];
        double a10 = dw[w1], a11 = dw[w1 + 1];
        double a20 = dw[w2], a21 = dw[w2 + 1];
        for (int oy = 0, q = 0; oy < oh; oy++) {
            int xr = xb + oy * rowStep;
            for (int ox = 0; ox < ow; ox++, q++) {
                int xi = xr + ox * sw;
                double x0 = img[xi], x1 = img[xi + 1];
                double e0 = dy[d0 + q], e1 = dy[d1 + q], e2 = dy[d2 + q];
                a00 += e0 * x0; a01 += e0 * x1;
                a10 += e1 * x0; a11 += e1 * x1;
                a20 += e2 * x0; a21 += e2 * x1;
            }
        }
        dw[w0] = a00; dw[w0 + 1] = a01;
        if (n > 1) {
            dw[w1] = a10; dw[w1 + 1] = a11;
        }
        if (n > 2) {
            dw[w2] = a20; dw[w2 + 1] = a21;
        }
    }

    /** 3 output channels × 3 kernel columns. */
    private void k3x3(double[] img, int xb, double[] dy, int d0, double[] dw, int w0, int n) {
        int rowStep = this.rowStep, sw = this.sw, oh = this.oh, ow = this.ow;
        int d1 = d0 + Math.min(1, n - 1) * positions;
        int w1 = w0 + Math.min(1, n - 1) * k;
        int d2 = d0 + Math.min(2, n - 1) * positions;
        int w2 = w0 + Math.min(2, n - 1) * k;
        double a00 = dw[w0], a01 = dw[w0 + 1], a02 = dw[w0 + 2];
        double a10 = dw[w1], a11 = dw[w1 + 1], a12 = dw[w1 + 2];
        double a20 = dw[w2], a21 = dw[w2 + 1], a22 = dw[w2 + 2];
        for (int oy = 0, q = 0; oy < oh; oy++) {
            int xr = xb + oy * rowStep;
            for (int ox = 0; ox < ow; ox++, q++) {
                int xi = xr + ox * sw;
                double x0 = img[xi], x1 = img[xi + 1], x2 = img[xi + 2];
                double e0 = dy[d0 + q], e1 = dy[d1 + q], e2 = dy[d2 + q];
                a00 += e0 * x0; a01 += e0 * x1; a02 += e0 * x2;
                a10 += e1 * x0; a11 += e1 * x1; a12 += e1 * x2;
                a20 += e2 * x0; a21 += e2 * x1; a22 += e2 * x2;
            }
        }
        dw[w0] = a00; dw[w0 + 1] = a01; dw[w0 + 2] = a02;
        if (n > 1) {
            dw[w1] = a10; dw[w1 + 1] = a11; dw[w1 + 2] = a12;
        }
        if (n > 2) {
            dw[w2] = a20; dw[w2 + 1] = a21; dw[w2 + 2] = a22;
        }
    }

    /** 3 output channels × 4 kernel columns. */
    private void k3x4(double[] img, int xb, double[] dy, int d0, double[] dw, int w0, int n) {
        int rowStep = this.rowStep, sw = this.sw, oh = this.oh, ow = this.ow;
        int d1 = d0 + Math.min(1, n - 1) * positions;
        int w1 = w0 + Math.min(1, n - 1) * k;
        int d2 = d0 + Math.min(2, n - 1) * positions;
        int w2 = w0 + Math.min(2, n - 1) * k;
        double a00 = dw[w0], a01 = dw[w0 + 1], a02 = dw[w0 + 2], a03 = dw[w0 + 3];
        double a10 = dw[w1], a11 = dw[w1 + 1], a12 = dw[w1 + 2], a13 = dw[w1 + 3];
        double a20 = dw[w2], a21 = dw[w2 + 1], a22 = dw[w2 + 2], a23 = dw[w2 + 3];
        for (int oy = 0, q = 0; oy < oh; oy++) {
            int xr = xb + oy * rowStep;
            for (int ox = 0; ox < ow; ox++, q++) {
                int xi = xr + ox * sw;
                double x0 = img[xi], x1 = img[xi + 1], x2 = img[xi + 2], x3 = img[xi + 3];
                double e0 = dy[d0 + q], e1 = dy[d1 + q], e2 = dy[d2 + q];
                a00 += e0 * x0; a01 += e0 * x1; a02 += e0 * x2; a03 += e0 * x3;
                a10 += e1 * x0; a11 += e1 * x1; a12 += e1 * x2; a13 += e1 * x3;
                a20 += e2 * x0; a21 += e2 * x1; a22 += e2 * x2; a23 += e2 * x3;
            }
        }
        dw[w0] = a00; dw[w0 + 1] = a01; dw[w0 + 2] = a02; dw[w0 + 3] = a03;
        if (n > 1) {
            dw[w1] = a10; dw[w1 + 1] = a11; dw[w1 + 2] = a12; dw[w1 + 3] = a13;
        }
        if (n > 2) {
            dw[w2] = a20; dw[w2 + 1] = a21; dw[w2 + 2] = a22; dw[w2 + 3] = a23;
        }
    }

    /** 3 output channels × 5 kernel columns. */
    private void k3x5(double[] img, int xb, double[] dy, int d0, double[] dw, int w0, int n) {
        int rowStep = this.rowStep, sw = this.sw, oh = this.oh, ow = this.ow;
        int d1 = d0 + Math.min(1, n - 1) * positions;
        int w1 = w0 + Math.min(1, n - 1) * k;
        int d2 = d0 + Math.min(2, n - 1) * positions;
        int w2 = w0 + Math.min(2, n - 1) * k;
        double a00 = dw[w0], a01 = dw[w0 + 1], a02 = dw[w0 + 2], a03 = dw[w0 + 3], a04 = dw[w0 + 4];
        double a10 = dw[w1], a11 = dw[w1 + 1], a12 = dw[w1 + 2], a13 = dw[w1 + 3], a14 = dw[w1 + 4];
        double a20 = dw[w2], a21 = dw[w2 + 1], a22 = dw[w2 + 2], a23 = dw[w2 + 3], a24 = dw[w2 + 4];
        for (int oy = 0, q = 0; oy < oh; oy++) {
            int xr = xb + oy * rowStep;
            for (int ox = 0; ox < ow; ox++, q++) {
                int xi = xr + ox * sw;
                double x0 = img[xi], x1 = img[xi + 1], x2 = img[xi + 2], x3 = img[xi + 3], x4 = img[xi + 4];
                double e0 = dy[d0 + q], e1 = dy[d1 + q], e2 = dy[d2 + q];
                a00 += e0 * x0; a01 += e0 * x1; a02 += e0 * x2; a03 += e0 * x3; a04 += e0 * x4;
                a10 += e1 * x0; a11 += e1 * x1; a12 += e1 * x2; a13 += e1 * x3; a14 += e1 * x4;
                a20 += e2 * x0; a21 += e2 * x1; a22 += e2 * x2; a23 += e2 * x3; a24 += e2 * x4;
            }
        }
        dw[w0] = a00; dw[w0 + 1] = a01; dw[w0 + 2] = a02; dw[w0 + 3] = a03; dw[w0 + 4] = a04;
        if (n > 1) {
            dw[w1] = a10; dw[w1 + 1] = a11; dw[w1 + 2] = a12; dw[w1 + 3] = a13; dw[w1 + 4] = a14;
        }
        if (n > 2) {
            dw[w2] = a20; dw[w2 + 1] = a21; dw[w2 + 2] = a22; dw[w2 + 3] = a23; dw[w2 + 4] = a24;
        }
    }
}
