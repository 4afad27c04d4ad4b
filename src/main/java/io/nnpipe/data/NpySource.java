package io.nnpipe.data;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a NumPy data source, {@code {npy: FILE, labels: FILE}} (class indices) or
 * {@code {npy: FILE, targets: FILE}} (one value per network output), and its loading: the labels
 * or targets array first (its values checked against the network), then the inputs array, which
 * must hold as many samples ({@link NpyReader}). Exactly one of {@code labels} and
 * {@code targets} is non-null; {@code limit} (0: none) keeps the first samples of both.
 */
record NpySource(Node npy, Node labels, Node targets, int limit) {
    /**
     * Reads the keys of the source mapping {@code p} (under {@code key} of {@code data}, whose
     * resolved value it records); {@code otherFile}: a key of another source is there too. Null
     * after reporting a problem.
     */
    static NpySource read(Params p, Params data, String key, boolean otherFile) {
        p.string("npy", null);
        boolean labels = p.has("labels");
        boolean targets = p.has("targets");
        for (String k : List.of("labels", "targets")) {
            if (p.has(k)) {
                p.string(k, null);
            }
        }
        int limit = p.integer("limit", 0, 0, Integer.MAX_VALUE);
        p.finish();
        data.resolve(key, p.resolved());
        if (otherFile) {
            p.error(p.has("csv") ? "csv" : "images", "give one data source: 'npy', 'csv', 'images' and 'labels', or"
                    + " 'folder', not two");
            return null;
        }
        if (labels == targets) {
            p.error(labels ? "targets" : "npy", labels ? "give either 'labels' (class indices) or 'targets' (one value per"
                    + " network output), not both" : "an .npy source needs 'labels: FILE' (class indices, shape (n,)) or"
                    + " 'targets: FILE' (one value per network output, shape (n, outputs)) beside 'npy'");
            return null;
        }
        return new NpySource(p.raw("npy"), labels ? p.raw("labels") : null, targets ? p.raw("targets") : null, limit);
    }

    /** The keys naming files, for {@link DataSource#absentFile}. */
    List<Node> keys() {
        List<Node> keys = new ArrayList<>();
        keys.add(npy);
        keys.add(labels != null ? labels : targets);
        return keys;
    }

    /** The samples, untransformed; null after reporting a problem. */
    Dataset load(DataSource.Target t, Diagnostics d) {
        Node column = labels != null ? labels : targets;
        Path inputFile = DataSource.resolve(npy, t, d);
        Path columnFile = DataSource.resolve(column, t, d);
        if (inputFile == null || columnFile == null) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        NpyReader.Column[] read = new NpyReader.Column[1];
        DataSource.readFile(columnFile, column.path(), files, d, (opened, errors) -> {
            read[0] = labels != null ? NpyReader.labels(opened.in(), t.classes(), limit, errors)
                    : NpyReader.targets(opened.in(), t.classes(), limit, errors);
            return null;
        });
        if (read[0] == null) {
            return null;
        }
        read[0] = read[0].of(columnFile.toString()); // named when the inputs' length differs
        SampleStore store = DataSource.readFile(inputFile, npy.path(), files, d,
                (opened, errors) -> NpyReader.inputs(opened.in(), read[0], t.shape().dims(), errors));
        if (store == null) {
            return null;
        }
        files.add(0, files.remove(1)); // inputs first, then labels or targets, as IDX's images and labels
        return new FileDataset(store, t.shape(), t.classes(), PixelTransform.NONE, files);
    }
}
