package io.nnpipe.data;

import io.nnpipe.config.Node;
import io.nnpipe.config.NumericArray;
import io.nnpipe.config.Numbers;
import io.nnpipe.config.Params;
import io.nnpipe.output.Num;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code scale} and {@code normalize} keys of the config's {@code data} mapping: the
 * pieces of the {@link PixelTransform} every set's inputs go through. Each method reports its
 * problems on {@code data} (or the key's own mapping) and records the resolved values for the
 * manifest (computed statistics as {@code {from: train, mean, std}}, which reads back as given
 * numbers); it returns null where a value could not be read or is to be computed.
 */
final class TransformKeys {
    private TransformKeys() {
    }

    /** {@code scale: 255} (from [0, 255] to [0, 1]), {@code [min, max]} (to [0, 1]) or {@code {from: [a, b], to: [c, d]}}. */
    static double[] scale(Params data) {
        Node n = data.raw("scale");
        if (n == null) {
            return null;
        }
        String expected = "expected a positive number (scale: 255 divides by 255), [min, max] (maps min..max to 0..1)"
                + " or {from: [min, max], to: [low, high]}, found ";
        Double max = Numbers.toDouble(n);
        double[] s = null;
        if (max != null && Double.isFinite(max) && max > 0) {
            s = new double[] {0, max, 0, 1};
        } else if (n instanceof Node.ListNode) {
            double[] r = range(n, data);
            s = r == null ? null : new double[] {r[0], r[1], 0, 1};
        } else if (n instanceof Node.MapNode) {
            Params p = Params.of(n, data.diagnostics(), "a scaling");
            Node from = p.raw("from");
            Node to = p.raw("to");
            p.finish();
            double[] f = from == null ? null : range(from, data);
            double[] t = to == null ? new double[] {0, 1} : range(to, data);
            if (from == null) {
                p.error("from", "missing required key 'from' (the raw range [min, max])");
            }
            s = f == null || t == null ? null : new double[] {f[0], f[1], t[0], t[1]};
        } else {
            data.error("scale", expected + n.describe());
            return null;
        }
        if (s != null) {
            Map<String, Object> r = new LinkedHashMap<>(); // ordered: the manifest's text must not depend on hashing
            r.put("from", list(new double[] {s[0], s[1]}));
            r.put("to", list(new double[] {s[2], s[3]}));
            data.resolve("scale", r);
        }
        return s;
    }

    /**
     * A [a, b] pair of finite numbers with a < b and a finite width b - a (the scaling divides by
     * it: [-1.7e308, 1.7e308] made every input NaN, QA's eighth pass); null after a problem.
     */
    private static double[] range(Node n, Params data) {
        double[] r = NumericArray.read(n, new int[] {2}, data.diagnostics());
        if (r != null && !(r[0] < r[1])) {
            data.diagnostics().error(n, "expected [min, max] with min < max, found [" + Num.format(r[0]) + ", "
                    + Num.format(r[1]) + "]");
            return null;
        }
        if (r != null && !Double.isFinite(r[1] - r[0])) {
            data.diagnostics().error(n, "expected [min, max] whose width max - min is a finite double (at most"
                    + " 1.7976931348623157e+308), found [" + Num.format(r[0]) + ", " + Num.format(r[1]) + "], whose width"
                    + " overflows; scaling by it would make every input NaN or 0");
            return null;
        }
        return r;
    }

    /** {@code normalize: train} (null: computed later) or {@code {mean: m, std: s}} (numbers or one per channel). */
    static double[][] normalize(Params data, Node n, DataSource.Target target) {
        if (n instanceof Node.Scalar s && s.text().equals("train")) {
            return null;
        }
        if (!(n instanceof Node.MapNode)) {
            data.error("normalize", "expected 'train' (statistics of the training set) or {mean: M, std: S}, found "
                    + n.describe());
            return null;
        }
        Params p = Params.of(n, data.diagnostics(), "a normalisation");
        // {from: train, mean, std} is how a run records computed statistics (resolved_config); the
        // resolved config must read back as a config: the numbers are then used as given
        Node from = p.raw("from");
        if (from != null) {
            if (!(from instanceof Node.Scalar f && f.text().equals("train"))) {
                p.error("from", "expected 'train' (statistics computed from the training set), found "
                        + from.describe());
            } else if (!p.has("mean") && !p.has("std")) {
                p.finish();
                return null; // nothing given: computed, as for 'normalize: train'
            }
            p.resolve("from", "train");
        }
        double[] mean = perChannel(p, "mean", target, false);
        double[] std = perChannel(p, "std", target, true);
        p.finish();
        data.resolve("normalize", p.resolved());
        if (mean == null || std == null) {
            return new double[][] {{0}, {1}};
        }
        if (mean.length != std.length) {
            p.error("std", "expected as many std values as mean values (" + mean.length + "), found " + std.length);
        }
        return new double[][] {mean, std};
    }

    private static double[] perChannel(Params p, String key, DataSource.Target target, boolean positive) {
        Node n = p.raw(key);
        if (n == null) {
            p.error(key, "missing required key '" + key + "' (a number, or one per channel)");
            return null;
        }
        int channels = target == null ? -1 : target.shape().rank() == 3 ? target.shape().channels() : 1;
        double[] v;
        if (n instanceof Node.ListNode l) {
            int len = channels > 0 ? channels : l.items().size();
            v = NumericArray.read(n, new int[] {len}, p.diagnostics());
        } else {
            Double one = Numbers.toDouble(n);
            v = one == null ? null : new double[] {one};
            if (v == null) {
                p.error(key, "expected a number, or a list of one per channel, found " + n.describe());
            }
        }
        if (v == null) {
            return null;
        }
        for (double x : v) {
            if (!Double.isFinite(x) || (positive && !(x > 0))) {
                p.error(key, "expected " + (positive ? "positive " : "") + "finite numbers, found "
                        + (x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x)));
                return null;
            }
        }
        p.resolve(key, list(v));
        return v;
    }

    /** {means, stds} of the (scaled) training set for {@code normalize: train}, recorded as resolved; null after a problem. */
    static double[][] computedNormalization(Params data, Dataset scaledTrain) {
        double[][] stats = Statistics.of(scaledTrain);
        for (int c = 0; c < stats[1].length; c++) {
            if (!Double.isFinite(stats[0][c]) || !Double.isFinite(stats[1][c])) {
                // values near 1e154 and up overflow the squares: std was .inf and every input became 0 (QA, fifth pass)
                data.error("normalize", "channel " + c + " of the training set has no finite statistics (mean "
                        + Num.format(stats[0][c]) + ", std " + Num.format(stats[1][c]) + "): its values are too large;"
                        + " scale them down first (data.scale)");
                return null;
            }
            if (!(stats[1][c] > 0)) {
                data.error("normalize", "channel " + c + " of the training set is constant (std 0); normalisation"
                        + " would divide by zero");
                return null;
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("from", "train");
        r.put("mean", list(stats[0]));
        r.put("std", list(stats[1]));
        data.resolve("normalize", r);
        return stats;
    }

    private static List<Object> list(double[] v) {
        List<Object> out = new ArrayList<>();
        for (double x : v) {
            out.add(x);
        }
        return out;
    }
}
