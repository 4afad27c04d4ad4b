package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.output.Num;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;

/** The built-in element-wise activations. */
public final class Activations {
    private Activations() {
    }

    /** max(0, x). NOTE: the derivative at exactly 0 is taken as 0, as in PyTorch. */
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

        @Override
        protected double apply(double x) {
            return x > 0 ? x : 0.0;
        }

        @Override
        protected double derivative(double x, double y) {
            return x > 0 ? 1.0 : 0.0;
        }

        /**
         * All ones when x &gt; 0 (+∞ included), else 0 (zeros, negatives, NaN): x's bits minus one
         * lie in [0, bits of +∞) exactly then. Branch-free: on real data the sign of x is a coin
         * toss, and the branch of {@code x > 0 ? x : 0.0} mispredicted half the time (5× slower).
         */
        private static long positive(double x) {
            long b = Double.doubleToRawLongBits(x) - 1;
            return ~(b >> 63) & ((b - 0x7FF0_0000_0000_0000L) >> 63);
        }

        /**
         * {@link #apply}, elements [from, to): x where positive, else +0.0, the same bits. For every
         * x but NaN that is {@code Math.max(x, 0.0)} (which makes -0.0 into +0.0 too), a loop C2
         * vectorises; the running maximum of x beside it is NaN exactly when some x is, and then
         * the range is done again by the exact bit mask. (The mask alone does not vectorise:
         * C2 does not vectorise moving a double's bits to a long.)
         */
        @Override
        protected void forward(double[] x, double[] y, int from, int to) {
            double any = 0.0;
            for (int i = from; i < to; i++) {
                double v = x[i];
                y[i] = Math.max(v, 0.0);
                any = Math.max(any, v);
            }
            if (any != any) {
                for (int i = from; i < to; i++) {
                    y[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(x[i]) & positive(x[i]));
                }
            }
        }

        /**
         * dx = dy · (1.0 or 0.0), the same product as the general loop (so dy · 0 keeps its sign
         * and NaN). The factor is read from y = relu(x), never NaN nor -0.0: y is +0.0 exactly
         * where x is not positive, and any positive y times 2^2000 is at least 1 (the smallest,
         * 2^-1074, becomes 2^926; the largest overflows to +∞), so min(y · 2^1000 · 2^1000, 1) is
         * 1.0 or +0.0 without a branch, in a loop C2 vectorises.
         */
        @Override
        protected void backward(double[] x, double[] y, double[] dy, double[] dx, int from, int to) {
            for (int i = from; i < to; i++) {
                dx[i] = dy[i] * Math.min(y[i] * SCALE * SCALE, 1.0);
            }
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

    /** tanh x (StrictMath); derivative 1 - y². */
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
            return StrictMath.tanh(x);
        }

        @Override
        protected double derivative(double x, double y) {
            return 1.0 - y * y;
        }
    }
}
