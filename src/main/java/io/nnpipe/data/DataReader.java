package io.nnpipe.data;

import io.nnpipe.config.Node;
import io.nnpipe.config.Params;
import java.nio.file.Path;
import io.nnpipe.config.Problem;
import java.util.ArrayList;
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
    public record Sets(Dataset train, Dataset test, PixelTransform transform, List<Problem> warnings) {
        public Sets(Dataset train, Dataset test, PixelTransform transform) {
            this(train, test, transform, List.of());
        }
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
        double[] scale = TransformKeys.scale(data);
        Node normalize = data.raw("normalize");
        double[][] given = normalize == null ? null : TransformKeys.normalize(data, normalize, target);
        SplitSpec split = readSplit(data, seed);
        if (!data.has("train")) {
            data.missing("train", "the training samples: a list, {csv: FILE}, {images: FILE, labels: FILE}, {npy: FILE, labels: FILE}"
                    + " or {folder: DIR}");
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
        if (train != null && test != null && !ImageFolders.sameClasses(trainSource, testSource, data.diagnostics())) {
            return null;
        }
        if ((readTrain && train == null) || (withData && testSource != null && test == null) || target.classes() <= 0) {
            return null; // with no network (classes unknown) the files are only checked
        }
        List<Problem> warnings = new ArrayList<>();
        ImageFolders.limitWarning(trainSource, train).ifPresent(warnings::add);
        ImageFolders.limitWarning(testSource, test).ifPresent(warnings::add);
        ImageFolders.sharedFolderWarning(trainSource, t).ifPresent(warnings::add);
        ImageFolders.sharedFolderWarning(testSource, t).ifPresent(warnings::add);
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
            given = TransformKeys.computedNormalization(data, transformed(train, transform));
            if (given == null) {
                return null;
            }
        }
        if (given != null) {
            transform = transform.withNormalization(given[0], given[1]);
        }
        return new Sets(train == null ? null : transformed(train, transform), test == null ? null : transformed(test, transform),
                transform, List.copyOf(warnings));
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
}
