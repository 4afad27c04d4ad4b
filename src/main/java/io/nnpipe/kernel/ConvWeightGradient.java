package io.nnpipe.kernel;

/**
 * The weight gradient of a 2-D convolution over a batch: dW[o][r] += Σ_s Σ_p dy_s[o][p] · col_s[r][p]
 * (col_s: sample s unfolded as {@link Im2col} defines it, padding read as 0), cut into
 * {@link #tasks()} blocks of output channels. A task reads only x and dy, which nobody writes
 * during the backward pass, and writes only its own rows of dW, so its data stay on the core that
 * runs it (laying every sample's windows out in one shared buffer, read by every task, cost a
 * third more per task on two threads; docs/performance.md).
 *
 * <p>Summation order (the determinism contract): every element of dW adds its terms starting from
 * its current value, sample by sample in order and, within a sample, position by position in
 * order, each product rounded before the add; one chain per element, never split. So the bits do
 * not depend on the path, the blocks or the thread count.
 *
 * <p>Two paths, chosen from the shapes alone ({@link #choose}):
 * <ul>
 *   <li>{@link Path#DIRECT} for narrow rows of dW (few input values per window) and few output
 *       channels: scalar kernels over 3 output channels × up to 5 kernel columns that read the
 *       image at the window's offset ({@link ConvDwDirect}).</li>
 *   <li>{@link Path#WINDOWS} otherwise: the task keeps its {@link #WINDOW_CHANNELS} rows of dW in
 *       arrays of its own for the whole batch, lays out three windows at a time (one row per
 *       output position, reusing the previous window's values) and adds them to every row in a
 *       vectorised loop ({@link ConvDwWindows}). Every task lays out every window itself, so the
 *       blocks are wide: LeNet-5's second layer is one task, which runs beside the dx tasks.</li>
 * </ul>
 * With padding, each task first copies a sample into a zero-bordered image of its own, so both
 * paths read every window value without bounds checks, zeros included (a zero window value still
 * adds its product dy·0, as the plain loops do, so signed zeros come out the same).
 */
public final class ConvWeightGradient {
    /** How a layer's weight gradient is computed. */
    public enum Path { DIRECT, WINDOWS }

    /** Rows of dW at most as wide as this (C·kh·kw) may take the direct path (LeNet-5: 25 direct, 150 windows). */
    static final int DIRECT_MAX_WIDTH = 63;
    /**
     * Output channels at most for the direct path when a row of dW holds {@link #DIRECT_ALWAYS}
     * values or more: with more outputs, laying out each window once for all of them pays (3→32
     * channels, 3×3: direct 6.2–7.1 GFLOP/s, windows 13.4–14.9; 1→16, 5×5: 8.6 against 12.6;
     * 1→6, 5×5, LeNet-5's first layer: 10.2 against 8.5).
     */
    static final int DIRECT_MAX_OUTPUTS = 8;
    /**
     * Rows of dW narrower than this take the direct path whatever the outputs: the windows path's
     * vectorised loop over 9 columns is all pre- and post-loop (1→16 channels, 3×3, stride 2:
     * 723–874 µs a step direct, 874–983 windows, PhaseBench).
     */
    static final int DIRECT_ALWAYS = 16;
    /**
     * Output channels per task on the windows path: each task lays out every window again, so
     * fewer, wider tasks (LeNet-5's second layer, one thread: 16 channels a task 11.3 µs a sample,
     * 8 channels 14.6; 32→64 channels, 3×3 on 16×16, stride 2: 16 channels a task 13.5 GFLOP/s, 32
     * channels 20.7, 64 channels 21.8, which would leave a first layer of 32 channels one task).
     */
    static final int WINDOW_CHANNELS = 32;

    private final Im2col geo;
    private final int outChannels;
    private final Path path;
    private final int perTask;
    private final ConvDwDirect direct;
    private final ConvDwWindows windows;
    private final boolean padded;
    private final int imgRow;
    private final int imgPlane;
    private Scratch[] scratch = new Scratch[0];

    /**
     * One worker's buffers: the zero-bordered image (padding only); on the windows path the task's
     * rows of dW and three windows.
     */
    private record Scratch(double[] image, double[][] rows, double[][] ring) {
    }

    /** The weight gradient of a convolution of geometry {@code geo} with {@code outChannels} outputs, on the path {@link #choose} picks. */
    public ConvWeightGradient(Im2col geo, int outChannels) {
        this(geo, outChannels, choose(geo, outChannels));
    }

    /** As above on a given path (tests check both on every geometry). */
    public ConvWeightGradient(Im2col geo, int outChannels, Path path) {
        this.geo = geo;
        this.outChannels = outChannels;
        this.path = path;
        this.perTask = path == Path.DIRECT ? ConvDwDirect.CHANNELS : WINDOW_CHANNELS;
        this.direct = path == Path.DIRECT ? new ConvDwDirect(geo) : null;
        this.windows = path == Path.WINDOWS ? new ConvDwWindows(geo) : null;
        this.padded = geo.ph() > 0 || geo.pw() > 0;
        this.imgRow = geo.width() + 2 * geo.pw();
        this.imgPlane = (geo.height() + 2 * geo.ph()) * imgRow;
    }

    /**
     * The path for a geometry and output count: direct when a row of dW is narrow (the
     * vectorised product runs mostly in C2's scalar pre- and post-loops there), the kernel 2 to 5
     * columns wide (one kernel call per kernel row; a 1×1 kernel leaves the direct kernel three
     * independent sums, slower than the windows path) and the outputs few (each window laid out
     * once serves all of a task's outputs); measured on LeNet-5's layers, 1×1 convolutions and
     * the first layers of "Other shapes", docs/performance.md.
     */
    public static Path choose(Im2col geo, int outChannels) {
        return geo.rows() <= DIRECT_MAX_WIDTH && geo.kw() >= 2 && geo.kw() <= ConvDwDirect.COLUMNS
                && (outChannels <= DIRECT_MAX_OUTPUTS || geo.rows() < DIRECT_ALWAYS) ? Path.DIRECT : Path.WINDOWS;
    }

    /** The path in use. */
    public Path path() {
        return path;
    }

    /** Independent tasks: blocks of output channels, from the shape alone. */
    public int tasks() {
        return (outChannels + perTask - 1) / perTask;
    }

    /** Sizes the per-worker buffers for {@code workers} threads (once per larger count: never in a steady state). */
    public void prepare(int workers) {
        if (scratch.length >= workers) {
            return;
        }
        Scratch[] s = java.util.Arrays.copyOf(scratch, workers);
        for (int w = scratch.length; w < workers; w++) {
            double[] image = new double[padded ? geo.channels() * imgPlane : 0];
            boolean rows = path == Path.WINDOWS;
            s[w] = new Scratch(image, new double[rows ? perTask : 0][geo.rows()], new double[rows ? 3 : 0][geo.rows()]);
        }
        scratch = s;
    }

    /**
     * Task {@code t}: the rows of dW of its output channels += the terms of samples [0, batch) in
     * order. x is [batch][C][H][W], dy [batch][O][outH·outW], dW [O][C·kh·kw] (modified); x and dy
     * are not modified. Call {@link #prepare} for {@code worker + 1} workers or more first.
     */
    public void task(int t, int worker, double[] x, double[] dy, int batch, double[] dw) {
        int o0 = t * perTask;
        int n = Math.min(perTask, outChannels - o0);
        int k = geo.rows();
        int positions = geo.cols();
        int inSize = geo.channels() * geo.height() * geo.width();
        Scratch w = scratch[worker];
        for (int o = 0; windows != null && o < n; o++) {
            System.arraycopy(dw, (o0 + o) * k, w.rows()[o], 0, k);
        }
        for (int s = 0; s < batch; s++) {
            double[] img = x;
            int base = s * inSize;
            if (padded) {
                pad(x, base, w.image());
                img = w.image();
                base = 0;
            }
            int dyOff = (s * outChannels + o0) * positions;
            if (direct != null) {
                direct.addSample(img, base, dy, dyOff, dw, o0, n);
            } else {
                windows.addSample(img, base, dy, dyOff, w.rows(), n, w.ring());
            }
        }
        for (int o = 0; windows != null && o < n; o++) {
            System.arraycopy(w.rows()[o], 0, dw, (o0 + o) * k, k);
        }
    }

    /** Copies the image at {@code x[off ..]} into the middle of {@code image}, whose border stays zero. */
    private void pad(double[] x, int off, double[] image) {
        int h = geo.height();
        int wd = geo.width();
        for (int c = 0; c < geo.channels(); c++) {
            for (int i = 0; i < h; i++) {
                System.arraycopy(x, off + (c * h + i) * wd, image, c * imgPlane + (i + geo.ph()) * imgRow + geo.pw(), wd);
            }
        }
    }
}
