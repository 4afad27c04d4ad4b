package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.kernel.Fdlibm;
import io.nnpipe.output.Num;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;

/** The built-in element-wise activations. */
public final class Activations {
    private Activations() {
    }

    /**
     * max(0, x): x where positive, +0.0 where x is zero (either sign) or negative, NaN where x is
     * NaN (as PyTorch: a NaN passes on to the loss, where the trainer stops and names the first
     * layer whose output went non-finite, instead of being silently turned into 0). NOTE: the
     * derivative at exactly 0 is taken as 0, as in PyTorch; at NaN it is NaN.
     */
    public static final class Relu extends Activation {
        Relu(LayerContext ctx) {
            super(ctx);
        }

        /** Reads nothing. */
        public static LayerSpec read(Params p, Registry r) {
            return Relu::new;
        }

        @Override
        public String type() {
            return "relu";
        }

        /** {@code Math.max(x, 0.0)}: NaN stays NaN, -0.0 becomes +0.0. */
        @Override
        protected double apply(double x) {
            return Math.max(x, 0.0);
        }

        @Override
        protected double derivative(double x, double y) {
            return x > 0 ? 1.0 : x == x ? 0.0 : Double.NaN;
        }

        /**
         * {@link #apply}, elements [from, to), in a loop C2 vectorises. (It used to map NaN to +0.0,
         * which needed a running maximum beside the loop to find NaNs; that reduction, which C2
         * on Java 17 does not vectorise well, took longer than the ReLU itself: 97 against 39 µs
         * for 221,184 values.)
         */
        @Override
        protected void forward(double[] x, double[] y, int from, int to) {
            for (int i = from; i < to; i++) {
                y[i] = Math.max(x[i], 0.0);
            }
        }

        /**
         * dx = dy · (1.0, 0.0 or NaN), the same product as the general loop (so dy · 0 keeps its
         * sign and NaN). The factor is read from y = relu(x), which is never -0.0: y is +0.0
         * exactly where x is zero or negative, NaN where x is, and any positive y times 2^2000 is
         * at least 1 (the smallest, 2^-1074, becomes 2^926; the largest overflows to +∞), so
         * min(y · 2^1000 · 2^1000, 1) is 1.0, +0.0 or NaN without a branch, in a loop C2 vectorises.
         */
        @Override
        protected void backward(double[] x, double[] y, double[] dy, double[] dx, int from, int to) {
            for (int i = from; i < to; i++) {
                dx[i] = dy[i] * factor(y[i]);
            }
        }

        /**
         * The factor of {@link #backward} for one element from its output y: 1.0 where y is
         * positive, +0.0 where it is +0.0, NaN where it is NaN.
         */
        static double factor(double y) {
            return Math.min(y * SCALE * SCALE, 1.0);
        }

        private static final double SCALE = 0x1p1000;
    }

    /**
     * x for x > 0, slope·x otherwise ({@code negative_slope}, default 0.01). NOTE: the derivative at
     * exactly 0 is the slope, as in PyTorch.
     */
    public static final class LeakyRelu extends Activation {
        private final double slope;

        LeakyRelu(LayerContext ctx, double slope) {
            super(ctx);
            this.slope = slope;
        }

        /** Reads {@code negative_slope}. */
        public static LayerSpec read(Params p, Registry r) {
            double slope = p.number("negative_slope", 0.01, -1e6, 1e6);
            return ctx -> new LeakyRelu(ctx, slope);
        }

        @Override
        public String type() {
            return "leaky_relu";
        }

        @Override
        public String describe() {
            return "negative slope " + Num.format(slope);
        }

        @Override
        protected double apply(double x) {
            return x > 0 ? x : slope * x;
        }

        @Override
        protected double derivative(double x, double y) {
            return x > 0 ? 1.0 : slope;
        }
    }

    /** 1 / (1 + e^-x), evaluated without overflow for large |x|; derivative y(1 - y). */
    public static final class Sigmoid extends Activation {
        Sigmoid(LayerContext ctx) {
            super(ctx);
        }

        /** Reads nothing. */
        public static LayerSpec read(Params p, Registry r) {
            return Sigmoid::new;
        }

        @Override
        public String type() {
            return "sigmoid";
        }

        @Override
        protected double apply(double x) {
            if (x >= 0) {
                return 1.0 / (1.0 + StrictMath.exp(-x));
            }
            double e = StrictMath.exp(x);
            return e / (1.0 + e);
        }

        @Override
        protected double derivative(double x, double y) {
            return y * (1.0 - y);
        }
    }

    /**
     * tanh x, the bits of {@link StrictMath#tanh} ({@link Fdlibm#tanh}: the same fdlibm algorithm
     * in Java, which the JIT inlines; Java 17's StrictMath.tanh is a native call: 23 against 18 ns
     * an element on normally distributed values, most of the rest being fdlibm's branches on the
     * value's range, which random data mispredict); derivative 1 - y².
     */
    public static final class Tanh extends Activation {
        Tanh(LayerContext ctx) {
            super(ctx);
        }

        /** Reads nothing. */
        public static LayerSpec read(Params p, Registry r) {
            return Tanh::new;
        }

        @Override
        public String type() {
            return "tanh";
        }

        @Override
        protected double apply(double x) {
            return Fdlibm.tanh(x);
        }

        /** {@link #apply} over [from, to), without a virtual call per element. */
        @Override
        protected void forward(double[] x, double[] y, int from, int to) {
            for (int i = from; i < to; i++) {
                y[i] = Fdlibm.tanh(x[i]);
            }
        }

        @Override
        protected double derivative(double x, double y) {
            return 1.0 - y * y;
        }
    }
}
