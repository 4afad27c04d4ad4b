package io.nnpipe.data;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Node;
import io.nnpipe.config.Params;
import io.nnpipe.config.Plain;
import io.nnpipe.tensor.Shape;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where one set of samples comes from, as written under {@code data.train} or {@code data.test}:
 * a list of inline samples ({@link InlineSamples}); {@code {csv: FILE}}; or
 * {@code {images: FILE, labels: FILE}} in IDX format; or {@code {npy: FILE, labels: FILE}} or
 * {@code {npy: FILE, targets: FILE}}, NumPy arrays ({@link NpySource}); or {@code {folder: DIR}}, a folder of PNG images
 * with one subfolder per class ({@link ImageFolder}; optional {@code class_names}, checked against
 * the subfolders, and recorded from them in the resolved config). File paths are relative to the
 * config file's directory; plain or gzip. {@code limit: N} keeps only the first N samples. Loading gives
 * the raw samples (no scaling); problems in a file are reported at the file's line and column (or
 * record) under the YAML path of the key that named it.
 */
public final class DataSource {
    private final Node inline;
    private final Node csv;
    private final Node images;
    private final Node labels;
    private final int limit;
    private final Node folder;
    private final Node givenNames;
    private final Map<String, Object> resolved;
    private final NpySource npy;
    /** The class names an image folder gave when it was loaded; null for other sources or before. */
    private List<String> classNames;

    private DataSource(Node inline, Node csv, Node images, Node labels, int limit) {
        this(inline, csv, images, labels, limit, null, null, null, null);
    }

    private DataSource(Node inline, Node csv, Node images, Node labels, int limit, Node folder, Node givenNames,
            Map<String, Object> resolved, NpySource npy) {
        this.inline = inline;
        this.csv = csv;
        this.images = images;
        this.labels = labels;
        this.limit = limit;
        this.folder = folder;
        this.givenNames = givenNames;
        this.resolved = resolved;
        this.npy = npy;
    }

    /**
     * What the samples must fit, and where relative paths start ({@code null}: the current
     * directory). {@code classes} of 0 or less means the network's output size is unknown (its
     * layers have problems): files are still read and checked, labels only for being whole numbers
     * from 0.
     */
    public record Target(Shape shape, int classes, Path baseDir, String fetch) {
    }

    /** Reads the source under {@code key} of {@code data}; null after reporting a problem. */
    static DataSource read(Params data, String key) {
        Node n = data.raw(key);
        if (n instanceof Node.ListNode) {
            data.resolve(key, Plain.of(n));
            return new DataSource(n, null, null, null, 0);
        }
        if (!(n instanceof Node.MapNode)) {
            data.error(key, "expected a list of samples, {csv: FILE}, {images: FILE, labels: FILE} (IDX),"
                    + " {npy: FILE, labels: FILE} (NumPy) or {folder: DIR} (PNG images, one subfolder per class), found "
                    + n.describe());
            return null;
        }
        Params p = Params.of(n, data.diagnostics(), "a data source");
        boolean isCsv = p.has("csv");
        boolean isNpy = p.has("npy");
        boolean isIdx = p.has("images") || (p.has("labels") && !isNpy);
        if (p.has("folder")) {
            return readFolder(p, data, key, isCsv || isIdx || isNpy);
        }
        if (isNpy) {
            return readNpy(p, data, key, isCsv || isIdx);
        }
        String csv = isCsv ? p.string("csv", null) : null;
        String images = p.has("images") ? p.string("images", null) : null;
        String labels = p.has("labels") ? p.string("labels", null) : null;
        int limit = p.integer("limit", 0, 0, Integer.MAX_VALUE);
        p.finish();
        data.resolve(key, p.resolved());
        if (isCsv == isIdx) {
            p.error(isCsv ? "images" : "csv", isCsv ? "give either 'csv' or 'images' and 'labels', not both"
                    : "missing the data file: 'csv: FILE', 'images: FILE' and 'labels: FILE' (IDX), 'npy: FILE' and"
                    + " 'labels: FILE' or 'targets: FILE' (NumPy), or 'folder: DIR' (PNG images, one subfolder per class)");
            return null;
        }
        if (isIdx && (images == null || labels == null)) {
            p.error(images == null ? "images" : "labels", "an IDX source needs both 'images' and 'labels'");
            return null;
        }
        return new DataSource(null, isCsv ? p.raw("csv") : null, isIdx ? p.raw("images") : null,
                isIdx ? p.raw("labels") : null, limit);
    }

    /** {@code {folder: DIR, class_names: [..], limit: N}}; null after reporting a problem. */
    private static DataSource readFolder(Params p, Params data, String key, boolean otherFile) {
        p.string("folder", null);
        Node names = p.raw("class_names");
        if (names != null) {
            p.resolve("class_names", Plain.of(names));
        }
        int limit = p.integer("limit", 0, 0, Integer.MAX_VALUE);
        p.finish();
        data.resolve(key, p.resolved());
        if (otherFile) {
            p.error(p.has("csv") ? "csv" : p.has("images") ? "images" : "labels",
                    "give one data source: 'folder', 'csv', 'images' and 'labels', or 'npy', not two");
            return null;
        }
        if (names != null && ImageFolders.names(names, data.diagnostics()) == null) {
            return null;
        }
        return new DataSource(null, null, null, null, limit, p.raw("folder"), names, p.resolved(), null);
    }

    /** {@code {npy: FILE, labels: FILE}} or {@code {npy: FILE, targets: FILE}}, {@code limit: N}; null after a problem. */
    private static DataSource readNpy(Params p, Params data, String key, boolean otherFile) {
        NpySource npy = NpySource.read(p, data, key, otherFile);
        return npy == null ? null : new DataSource(null, null, null, null, npy.limit(), null, null, null, npy);
    }

    /** The {@code limit} given (0: none). */
    int limit() {
        return limit;
    }

    /** The key naming an image folder; null for other sources. */
    Node folder() {
        return folder;
    }

    /** The class names of a loaded image folder, in class-index order; null for other sources. */
    List<String> classNames() {
        return classNames;
    }

    /** The samples, untransformed; null after reporting a problem. */
    Dataset load(Target t, Diagnostics d) {
        if (inline != null) {
            return InlineSamples.read(inline, t.shape(), t.classes(), d);
        }
        if (folder != null) {
            ImageFolders.Loaded loaded = ImageFolders.load(folder, givenNames, resolved, limit, t, d);
            classNames = loaded == null ? null : loaded.classNames();
            return loaded == null ? null : loaded.dataset();
        }
        if (npy != null) {
            return npy.load(t, d);
        }
        if (csv != null) {
            Path file = resolve(csv, t, d);
            if (file == null) {
                return null;
            }
            List<Path> files = new ArrayList<>();
            SampleStore store = readFile(file, csv.path(), files, d, (opened, errors) -> CsvReader.read(opened.in(),
                    new CsvReader.Expect(t.shape().size(), t.classes(), limit), errors));
            return store == null ? null : new FileDataset(store, t.shape(), t.classes(), PixelTransform.NONE, files);
        }
        Path imageFile = resolve(images, t, d);
        Path labelFile = resolve(labels, t, d);
        if (imageFile == null || labelFile == null) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        IdxReader.Labels[] read = new IdxReader.Labels[1];
        readFile(labelFile, labels.path(), files, d, (opened, errors) -> {
            read[0] = IdxReader.labels(opened.in(), t.classes(), limit, errors);
            return null;
        });
        if (read[0] == null) {
            return null;
        }
        SampleStore store = readFile(imageFile, images.path(), files, d, (opened, errors) -> IdxReader.images(opened.in(),
                read[0], t.shape().dims(), errors));
        if (store == null) {
            return null;
        }
        files.add(0, files.remove(1)); // images first, then labels
        return new FileDataset(store, t.shape(), t.classes(), PixelTransform.NONE, files);
    }

    /** Whether the samples are written in the config (no file). */
    boolean inline() {
        return inline != null;
    }

    /**
     * The first file of this source that does not exist (as {@link #load} would resolve it), or
     * null: all exist, or a path is unusable (which {@link #load} reports in its own words).
     */
    Path absentFile(Target t) {
        List<Node> keys = new ArrayList<>(java.util.Arrays.asList(csv, images, labels, folder));
        if (npy != null) {
            keys.addAll(npy.keys());
        }
        for (Node key : keys) {
            if (key instanceof Node.Scalar s && !s.text().isEmpty()) {
                try {
                    Path file = located(s.text(), t.baseDir());
                    if (!Files.exists(file)) {
                        return file;
                    }
                } catch (InvalidPathException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Parses an opened file. */
    interface Parser {
        SampleStore parse(OpenedFile opened, FileErrors errors) throws IOException;
    }

    /**
     * Opens and parses one file; records it in {@code files}; null after a problem, reported under
     * {@code yamlPath} (the key that named the file, or null for a file named on the command line).
     */
    static SampleStore readFile(Path file, String yamlPath, List<Path> files, Diagnostics d, Parser parser) {
        return read(file.toString(), () -> OpenedFile.open(file), yamlPath, d, parser, () -> files.add(file));
    }

    /** Opens a file or stream, for {@link #read}. */
    interface Opener {
        OpenedFile open() throws IOException;
    }

    /**
     * Opens and parses one file or stream, its problems reported under {@code name} (a path, or
     * "standard input"), and runs {@code parsed} once it was read to the end (an IDX labels
     * parser returns no store, yet its file was read); null after a problem.
     */
    static SampleStore read(String name, Opener opener, String yamlPath, Diagnostics d, Parser parser, Runnable parsed) {
        FileErrors errors = new FileErrors(name, yamlPath, d);
        try (OpenedFile opened = opener.open()) {
            SampleStore store = parser.parse(opened, errors);
            parsed.run();
            errors.finish();
            return errors.any() ? null : store;
        } catch (IdxReader.Truncated e) {
            errors.file(e.getMessage());
        } catch (EOFException e) {
            errors.file("the compressed data end early; is the file complete? (" + e.getMessage() + ")");
        } catch (java.util.zip.ZipException e) {
            // the file starts like gzip (1f 8b) but is not: say so, not "ZipException"
            errors.file("the file starts like gzip (bytes 1f 8b) but is not valid gzip data: " + e.getMessage());
        } catch (IOException e) {
            errors.file("cannot read the file: " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : " (" + e.getMessage() + ")"));
        }
        errors.finish();
        return null;
    }

    /** The path {@code text} from the config's directory {@code baseDir} (absolute paths as they are). */
    static Path located(String text, Path baseDir) {
        Path p = Path.of(text);
        return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).normalize();
    }

    /** The file a path key names, resolved from the config's directory; null after reporting a problem. */
    static Path resolve(Node key, Target t, Diagnostics d) {
        String text = key instanceof Node.Scalar s ? s.text() : "";
        Path file;
        try {
            file = located(text, t.baseDir());
        } catch (InvalidPathException e) {
            d.error(key, "expected a file path, found \"" + io.nnpipe.config.Messages.clip(text) + "\" (" + e.getReason() + ")");
            return null;
        }
        if (text.isEmpty()) {
            d.error(key, "expected a file path, found an empty string");
            return null;
        }
        if (!Files.exists(file)) {
            d.error(key, "no such file: " + file + (t.fetch() == null ? "" : "; fetch the data with: " + t.fetch())
                    + (text.startsWith("~") ? " (a leading ~ is not your home folder here: write the path out)" : ""));
            return null;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            d.error(key, "cannot read " + file + (Files.isDirectory(file) ? ": it is a directory"
                    : !Files.isRegularFile(file) ? ": it is not a regular file" : ": permission denied"));
            return null;
        }
        return file;
    }
}
