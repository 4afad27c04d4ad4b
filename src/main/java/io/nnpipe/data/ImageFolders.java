package io.nnpipe.data;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Messages;
import io.nnpipe.config.Node;
import io.nnpipe.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads an image-folder source ({@code {folder: DIR}}) for {@link DataSource}: checks the input
 * shape, the folder, the class folders against the network's outputs and against
 * {@code class_names} when given, reads the images ({@link ImageFolder}), and records the class
 * names in the source's resolved config, so that run.yaml names the classes a run learnt.
 */
final class ImageFolders {
    private ImageFolders() {
    }

    /** A loaded folder: its samples and its class names in class-index order. */
    record Loaded(Dataset dataset, List<String> classNames) {
    }

    /** The class names given as {@code class_names}: a list of distinct, non-empty strings; null after a problem. */
    static List<String> names(Node n, Diagnostics d) {
        if (!(n instanceof Node.ListNode list)) {
            d.error(n, "expected a list of class names (the class folders' names, in class-index order), found "
                    + n.describe());
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Node item : list.items()) {
            if (!(item instanceof Node.Scalar s) || s.text().isEmpty()) {
                d.error(item, "expected a class name (a folder name), found " + item.describe());
                return null;
            }
            names.add(s.text());
        }
        return names;
    }

    /**
     * The samples of the folder named by {@code key} (a path relative to the config's folder), whose
     * classes must be {@code given} ({@code class_names}, may be null); null after reporting every
     * problem found.
     */
    static Loaded load(Node key, Node given, Map<String, Object> resolved, int limit, DataSource.Target t, Diagnostics d) {
        int[] shape = t.shape().dims();
        if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3)) {
            d.error(key, "an image folder needs data.input_shape [1, HEIGHT, WIDTH] (gray) or [3, HEIGHT, WIDTH]"
                    + " (RGB), found " + java.util.Arrays.toString(shape)
                    + (shape.length == 1 ? " (for a dense network, read [1, h, w] and begin with a flatten layer)" : ""));
            return null;
        }
        Path root = folder(key, t, d);
        if (root == null) {
            return null;
        }
        ImageFolder reader = new ImageFolder(key.path(), d);
        ImageFolder.Listing listing = reader.list(root);
        if (listing == null) {
            return null;
        }
        if (!classesFit(key, listing, t.classes(), d) | !namesFit(given, listing, d)) { // '|': both reported
            return null;
        }
        resolved.put("class_names", listing.classes());
        ImageFolder.Read read = reader.read(listing, shape, limit);
        if (read == null) {
            return null;
        }
        FileDataset data = new FileDataset(read.store(), t.shape(), t.classes(), PixelTransform.NONE, List.of(root),
                Map.of(root, new SourceDigest(read.sha256(), read.bytes())));
        return new Loaded(data, listing.classes());
    }

    /**
     * Refuses a test folder whose classes are not the training folder's (same names, same order):
     * class index k must mean the same class in both.
     */
    static boolean sameClasses(DataSource train, DataSource test, Diagnostics d) {
        List<String> a = train.classNames();
        List<String> b = test.classNames();
        if (a == null || b == null || a.equals(b)) {
            return true;
        }
        d.error(test.folder(), "expected the test folder to hold the training folder's class folders " + show(a)
                    + ", found " + show(b) + " (class k must mean the same class in both)");
        return false;
    }

    /**
     * A warning when {@code limit} kept only some classes of an image folder {@code source} (its
     * samples go class by class, so the first N may all be class 0): legal, but rarely meant.
     */
    static java.util.Optional<Problem> limitWarning(DataSource source, Dataset read) {
        if (source == null || read == null || source.classNames() == null || source.limit() == 0) {
            return java.util.Optional.empty();
        }
        java.util.Set<Integer> kept = new java.util.TreeSet<>();
        for (int i = 0; i < read.size(); i++) {
            kept.add(read.label(i));
        }
        List<String> all = source.classNames();
        if (kept.size() == all.size()) {
            return java.util.Optional.empty();
        }
        Node at = source.folder();
        return java.util.Optional.of(new Problem(at.mark(), at.path(), "warning: limit: " + source.limit() + " keeps"
                + " the first samples of the image folder, which go class by class, so they hold only its first "
                + kept.size() + " of " + all.size() + " classes; to train on fewer images of every class, use a folder"
                + " with fewer images per class"));
    }

    /**
     * A warning when two class folders of a loaded image folder {@code source} are one folder (a
     * symbolic link to another class's folder): its images then stand in both classes, which is
     * legal (torchvision's ImageFolder reads it so too) but rarely meant.
     */
    static java.util.Optional<Problem> sharedFolderWarning(DataSource source, DataSource.Target t) {
        if (source == null || source.classNames() == null || !(source.folder() instanceof Node.Scalar key)) {
            return java.util.Optional.empty();
        }
        java.util.Map<Path, String> seen = new java.util.HashMap<>(); // looked up only: its order never shows
        try {
            Path root = DataSource.located(key.text(), t.baseDir());
            for (String name : source.classNames()) {
                Path real = root.resolve(name).toRealPath();
                String first = seen.putIfAbsent(real, name);
                if (first != null) {
                    return java.util.Optional.of(new Problem(key.mark(), key.path(), "warning: the class folders '"
                            + first + "' and '" + name + "' are one folder (" + real + ", reached through a symbolic"
                            + " link), so its images are samples of both classes; replace the link with the images"
                            + " that class should hold"));
                }
            }
        } catch (IOException | InvalidPathException e) {
            // the folder was read just before; if it moved since, reading it again reports that
        }
        return java.util.Optional.empty();
    }

    /** The folder as the config names it, resolved; null after reporting a problem. */
    private static Path folder(Node key, DataSource.Target t, Diagnostics d) {
        String text = key instanceof Node.Scalar s ? s.text() : "";
        if (text.isEmpty()) {
            d.error(key, "expected a folder path, found an empty string");
            return null;
        }
        Path dir;
        try {
            dir = DataSource.located(text, t.baseDir());
        } catch (InvalidPathException e) {
            d.error(key, "expected a folder path, found \"" + Messages.clip(text) + "\" (" + e.getReason() + ")");
            return null;
        }
        if (!Files.exists(dir)) {
            d.error(key, "no such folder: " + dir + (t.fetch() == null ? "" : "; fetch the data with: " + t.fetch()));
            return null;
        }
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            d.error(key, "expected a folder with one subfolder per class, found " + (Files.isDirectory(dir)
                    ? "a folder that cannot be read: " + dir : "a file: " + dir));
            return null;
        }
        return dir;
    }

    /** The number of class folders must be the number of classes the network's outputs give. */
    private static boolean classesFit(Node key, ImageFolder.Listing l, int outputs, Diagnostics d) {
        if (outputs <= 0 || l.classes().size() == ClassTargets.count(outputs)) {
            return true; // outputs unknown (the layers have problems): the folder is still checked
        }
        d.error(key, "expected " + ClassTargets.count(outputs) + " class folders (the network has " + outputs
                + (outputs == 1 ? " output: classes 0 and 1" : " outputs") + "; data.classes, if given, says the same),"
                + " found " + l.classes().size() + " in " + l.root() + ": " + show(l.classes()));
        return false;
    }

    /** {@code class_names}, when the config gives them, must be the class folders' names in order. */
    private static boolean namesFit(Node given, ImageFolder.Listing l, Diagnostics d) {
        List<String> names = given == null ? null : names(given, d);
        if (names == null || names.equals(l.classes())) {
            return given == null || names != null;
        }
        d.error(given, "expected the class folders of " + l.root() + " in code-point order, " + show(l.classes())
                + ", found " + show(names));
        return false;
    }

    private static String show(List<String> names) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < names.size() && i < 50; i++) {
            b.append(i == 0 ? "" : ", ").append(Messages.clip(names.get(i)));
        }
        return b.append(names.size() > 50 ? ", ... (" + names.size() + " in all)]" : "]").toString();
    }
}
