package io.nnpipe.data;

import io.nnpipe.config.Node;
import io.nnpipe.config.NumericArray;
import io.nnpipe.config.Numbers;
import io.nnpipe.config.Params;
import io.nnpipe.output.Num;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the data keys of the config's {@code data} mapping (besides {@code input_shape} and
 * {@code classes}, which the pipeline reads): {@code train} and {@code test} ({@link DataSource}),
 * {@code split} (a seeded train/test split instead of {@code test}), {@code scale} and
 * {@code normalize} ({@link PixelTransform}, applied to every set), and {@code fetch} (the command
 * that fetches missing data files, named in the error). See docs/data.md.
 */
public final class DataReader {
    private DataReader() {
    }

    /**
     * The training set, the test set (null when there is none), and the transform applied to the
     * inputs of both (for new samples, which must be prepared the same way).
     */
    public record Sets(Dataset train, Dataset test, PixelTransform transform) {
    }

    /**
     * Reads the keys of {@code data} and, when {@code target} is known (the network was built),
     * loads the sets. Returns null when a set could not be read (the problems are reported).
     *
     * @param seed the run's seed, the default seed of {@code split}
     */
    public static Sets read(Params data, DataSource.Target target, long seed) {
        return read(data, target, seed, true);
    }

    /**
     * As above; with {@code withData} false ({@code predict}) the keys are checked alike but only
     * inline samples are read, and the training files when {@code normalize: train} needs them (a
     * missing one is refused at {@code normalize}: {@link DeclaredData#normalizeAdvice}); a set not
     * read is null.
     */
    public static Sets read(Params data, DataSource.Target target, long seed, boolean withData) {
        String fetch = data.has("fetch") ? data.string("fetch", null) : null;
        double[] scale = readScale(data);
        Node normalize = data.raw("normalize");
        double[][] given = normalize == null ? null : readNormalize(data, normalize, target);
        SplitSpec split = readSplit(data, seed);
        if (!data.has("train")) {
            data.missing("train", "the training samples: a list, {csv: FILE} or {images: FILE, labels: FILE}");
        }
        DataSource trainSource = data.has("train") ? DataSource.read(data, "train") : null;
        DataSource testSource = data.has("test") ? DataSource.read(data, "test") : null;
        if (split != null && data.has("test")) {
            data.error("split", "give either 'test' (a separate test set) or 'split' (part of 'train'), not both");
        }
        if (target == null || trainSource == null || (data.has("test") && testSource == null)) {
            return null;
        }
        DataSource.Target t = new DataSource.Target(target.shape(), target.classes(), target.baseDir(), fetch);
        boolean computes = normalize != null && given == null;
        boolean readTrain = withData || computes || trainSource.inline();
        Path absent = withData || !computes ? null : trainSource.absentFile(t);
        if (absent != null) {
            data.error("normalize", DeclaredData.normalizeAdvice(absent, fetch));
            return null;
        }
        Dataset train = readTrain ? trainSource.load(t, data.diagnostics()) : null;
        Dataset test = withData && testSource != null ? testSource.load(t, data.diagnostics()) : null;
        if ((readTrain && train == null) || (withData && testSource != null && test == null) || target.classes() <= 0) {
            return null; // with no network (classes unknown) the files are only checked
        }
        if (split != null && train != null) {
            Split.Sides sides = splitSides(data, split, train);
            if (sides == null) {
                return null;
            }
            test = new Subset(train, sides.test());
            train = new Subset(train, sides.train());
        }
        PixelTransform transform = new PixelTransform(scale, null, null);
        if (normalize != null && given == null) {
            given = computedNormalization(data, transformed(train, transform));
            if (given == null) {
                return null;
            }
        }
        if (given != null) {
            transform = transform.withNormalization(given[0], given[1]);
        }
        return new Sets(train == null ? null : transformed(train, transform), test == null ? null : transformed(test, transform),
                transform);
    }

    /** {means, stds} of the (scaled) training set for {@code normalize: train}, recorded as resolved; null after a problem. */
    private static double[][] computedNormalization(Params data, Dataset scaledTrain) {
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

    /** The dataset with the transform applied: file data through its byte table, others wrapped. */
    private static Dataset transformed(Dataset d, PixelTransform t) {
        if (t.isIdentity()) {
            return d;
        }
        if (d instanceof FileDataset f) {
            return f.withTransform(t);
        }
        if (d instanceof Subset s && s.base() instanceof FileDataset f) {
            return s.over(f.withTransform(t));
        }
        return new Transformed(d, t);
    }

    /** {@code scale: 255} (from [0, 255] to [0, 1]), {@code [min, max]} (to [0, 1]) or {@code {from: [a, b], to: [c, d]}}. */
    private static double[] readScale(Params data) {
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

    /** A [a, b] pair of finite numbers with a < b... or a != b for targets; null after a problem. */
    private static double[] range(Node n, Params data) {
        double[] r = NumericArray.read(n, new int[] {2}, data.diagnostics());
        if (r != null && !(r[0] < r[1])) {
            data.diagnostics().error(n, "expected [min, max] with min < max, found [" + r[0] + ", " + r[1] + "]");
            return null;
        }
        return r;
    }

    /** {@code normalize: train} (null: computed later) or {@code {mean: m, std: s}} (numbers or one per channel). */
    private static double[][] readNormalize(Params data, Node n, DataSource.Target target) {
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

    /** A checked {@code split}: the test fraction and the seed. */
    private record SplitSpec(double fraction, long seed) {
    }

    /** {@code split: 0.2} or {@code split: {test: 0.2, seed: 7}}; null when absent or wrong (reported). */
    private static SplitSpec readSplit(Params data, long runSeed) {
        Node n = data.raw("split");
        if (n == null) {
            return null;
        }
        int before = data.diagnostics().count();
        Params p;
        if (n instanceof Node.Scalar) {
            Map<String, Node.Entry> e = new LinkedHashMap<>();
            e.put("test", new Node.Entry("test", n.mark(), n));
            p = new Params(new Node.MapNode(n.mark(), n.path(), e), data.diagnostics());
        } else {
            p = Params.of(n, data.diagnostics(), "a split");
        }
        // open bounds, so the range says what is refused: "from 0 to 1" and then "found 1.0" for
        // split: 1 contradicted itself (QA, fourth pass)
        double f = p.number("test", Double.MIN_VALUE, Math.nextDown(1.0));
        long seed = p.longValue("seed", runSeed);
        p.finish();
        data.resolve("split", p.resolved());
        return data.diagnostics().count() > before ? null : new SplitSpec(f, seed);
    }

    private static Split.Sides splitSides(Params data, SplitSpec split, Dataset train) {
        int k = Split.testCount(train.size(), split.fraction());
        if (k < 1 || k >= train.size()) {
            data.error("split", "a test fraction of " + split.fraction() + " of " + train.size() + " samples gives " + k
                    + " test samples; both sides need at least one");
            return null;
        }
        return Split.of(train.size(), split.fraction(), split.seed());
    }

    private static List<Object> list(double[] v) {
        List<Object> out = new java.util.ArrayList<>();
        for (double x : v) {
            out.add(x);
        }
        return out;
    }
}
