package io.nnpipe.layer;

import io.nnpipe.config.Params;
import io.nnpipe.init.Fans;
import io.nnpipe.init.ParamInit;
import io.nnpipe.kernel.Gemm;
import io.nnpipe.kernel.Im2col;
import io.nnpipe.plugin.LayerContext;
import io.nnpipe.plugin.LayerSpec;
import io.nnpipe.plugin.Registry;
import io.nnpipe.tensor.Parameter;
import io.nnpipe.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * 2-D convolution (cross-correlation, as in PyTorch and the seed document):
 * y[o][oy][ox] = b[o] + Σ_(c,ki,kj) W[o][c][ki][kj] · x[c][oy·sh+ki-ph][ox·sw+kj-pw], zero padding.
 * Computed by unfolding each sample into columns ({@link Im2col}) and one matrix product, so each
 * output adds its terms in (c, ki, kj) order after the bias.
 *
 * <p>Backward per sample, samples in order: dW += dy·colᵀ (terms in output-position order),
 * db += Σ dy, dcol = Wᵀ·dy, dx = fold(dcol). Weight shape [out][in][kh][kw].
 */
public final class Conv2d implements Layer {
    private final String name;
    private final Im2col geo;
    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;
    private double[] col;
    private double[] dcol;

    /** Checked settings; {@code inChannels} 0 means "take it from the input". */
    public record Spec(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding,
            ParamInit weight, ParamInit bias) implements LayerSpec {
        @Override
        public Layer build(LayerContext ctx) {
            Shape in = ctx.input();
            if (in.rank() != 3) {
                ctx.error(null, "conv2d needs an image input [channels, height, width], found shape " + in);
                return null;
            }
            if (inChannels > 0 && inChannels != in.channels()) {
                ctx.error("in_channels", "expected 'in_channels' to match the incoming " + in.channels()
                        + " channels (input " + in + "), found " + inChannels);
                return null;
            }
            Im2col g = new Im2col(in.channels(), in.height(), in.width(), kernel[0], kernel[1],
                    stride[0], stride[1], padding[0], padding[1]);
            if (in.height() + 2 * padding[0] < kernel[0] || in.width() + 2 * padding[1] < kernel[1]) {
                ctx.error("kernel", "kernel " + kernel[0] + "x" + kernel[1] + " does not fit the input "
                        + in.height() + "x" + in.width() + " with padding " + padding[0] + "x" + padding[1]);
                return null;
            }
            int area = kernel[0] * kernel[1];
            Fans fans = new Fans(in.channels() * area, outChannels * area);
            Parameter w = ctx.parameter("weight", weight, Shape.of(outChannels, in.channels(), kernel[0], kernel[1]), fans);
            Parameter b = bias instanceof ParamInit.Off ? null : ctx.parameter("bias", bias, Shape.of(outChannels), fans);
            if (w == null || (b == null && !(bias instanceof ParamInit.Off))) {
                return null;
            }
            return new Conv2d(ctx.name(), g, outChannels, w, b);
        }
    }

    /** Reads {@code out_channels}, {@code in_channels}, {@code kernel}, {@code stride}, {@code padding}, {@code weight}, {@code bias}. */
    public static LayerSpec read(Params p, Registry registry) {
        int inCh = p.integer("in_channels", 0, 0, 1 << 16);
        int outCh = p.integer("out_channels", 1, 1 << 16);
        int[] kernel = p.pair("kernel", null, 1, 1 << 12);
        int[] stride = p.pair("stride", new int[] {1, 1}, 1, 1 << 12);
        int[] padding = p.pair("padding", new int[] {0, 0}, 0, 1 << 12);
        ParamInit w = ParamInit.read(p, "weight", "he_uniform", false, registry);
        ParamInit b = ParamInit.read(p, "bias", "zeros", true, registry);
        return new Spec(inCh, outCh, kernel, stride, padding, w, b);
    }

    private Conv2d(String name, Im2col geo, int outChannels, Parameter weight, Parameter bias) {
        this.name = name;
        this.geo = geo;
        this.outChannels = outChannels;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public Shape inputShape() {
        return Shape.of(geo.channels(), geo.height(), geo.width());
    }

    @Override
    public Shape outputShape() {
        return Shape.of(outChannels, geo.outHeight(), geo.outWidth());
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return List.copyOf(ps);
    }

    @Override
    public String describe() {
        return "kernel " + geo.kh() + "x" + geo.kw() + ", stride " + geo.sh() + "x" + geo.sw()
                + ", padding " + geo.ph() + "x" + geo.pw() + (bias == null ? ", no bias" : "");
    }

    @Override
    public void prepare(int maxBatch) {
        col = new double[geo.rows() * geo.cols()];
        dcol = new double[geo.rows() * geo.cols()];
    }

    @Override
    public void forward(Pass pass, LayerIO io) {
        int k = geo.rows();
        int p = geo.cols();
        int inSize = geo.channels() * geo.height() * geo.width();
        int outSize = outChannels * p;
        double[] y = io.y();
        for (int s = 0; s < pass.batch(); s++) {
            geo.unfold(io.x(), s * inSize, col);
            int yOff = s * outSize;
            for (int o = 0; o < outChannels; o++) {
                java.util.Arrays.fill(y, yOff + o * p, yOff + (o + 1) * p, bias == null ? 0.0 : bias.value()[o]);
            }
            Gemm.mulAdd(outChannels, p, k, weight.value(), 0, col, 0, y, yOff);
        }
    }

    @Override
    public void backward(Pass pass, LayerIO io) {
        int k = geo.rows();
        int p = geo.cols();
        int inSize = geo.channels() * geo.height() * geo.width();
        int outSize = outChannels * p;
        double[] dy = io.dy();
        for (int s = 0; s < pass.batch(); s++) {
            int dyOff = s * outSize;
            geo.unfold(io.x(), s * inSize, col);
            Gemm.mulAddTransB(outChannels, k, p, dy, dyOff, col, 0, weight.grad(), 0);
            if (bias != null) {
                double[] db = bias.grad();
                for (int o = 0; o < outChannels; o++) {
                    double acc = db[o];
                    for (int q = dyOff + o * p; q < dyOff + (o + 1) * p; q++) {
                        acc += dy[q];
                    }
                    db[o] = acc;
                }
            }
            if (io.dx() != null) {
                java.util.Arrays.fill(dcol, 0.0);
                Gemm.mulAddTransA(k, p, outChannels, weight.value(), 0, dy, dyOff, dcol, 0);
                java.util.Arrays.fill(io.dx(), s * inSize, (s + 1) * inSize, 0.0);
                geo.foldAdd(dcol, io.dx(), s * inSize);
            }
        }
    }
}
