package io.nnpipe.data;

import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Mark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * An image folder ({@code {folder: DIR}}, torchvision's ImageFolder layout): every subfolder of
 * DIR is a class, named by the subfolder, holding that class's PNG images. The classes are the
 * subfolder names sorted by Unicode code point (not locale, not file-system order); a class's
 * index is its position. The samples are class by class, and within a class its files sorted by
 * name the same way. Entries whose name starts with '.' are skipped (.DS_Store, .ipynb_checkpoints);
 * any other file directly in DIR, a folder inside a class folder, an empty class folder and a
 * file that is not a PNG this tool reads ({@link PngPixels}) are refused, every one at once (the
 * first {@value FileErrors#MAX} listed, each naming its file, then how many more).
 *
 * <p>The folder's digest (what run.yaml records for it, so that {@code --resume} and
 * {@code verify} notice a changed image) is the SHA-256 of the UTF-8 text of one line per image
 * read, in sample order: the image's own SHA-256 in lower-case hex, two spaces, its path from DIR
 * with '/' ({@code CLASS/FILE}), a newline — {@code sha256sum}'s output format. Its size is the
 * sum of the images' sizes.
 */
final class ImageFolder {
    /** Orders names by Unicode code point (String.compareTo orders UTF-16 units, which differs above U+FFFF). */
    static final Comparator<String> CODE_POINTS = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** The classes (sorted) and each class's image file names (sorted). */
    record Listing(Path root, List<String> classes, List<List<String>> files) {
        int images() {
            return files.stream().mapToInt(List::size).sum();
        }
    }

    /** The samples read and the folder's digest and size. */
    record Read(SampleStore store, String sha256, long bytes) {
    }

    private final String yamlPath;
    private final Diagnostics diagnostics;
    private int problems;

    /** Reports problems under {@code yamlPath} (e.g. {@code data.train.folder}). */
    ImageFolder(String yamlPath, Diagnostics diagnostics) {
        this.yamlPath = yamlPath;
        this.diagnostics = diagnostics;
    }

    /** Lists the classes and images of {@code root}; null after reporting problems. */
    Listing list(Path root) {
        List<String> classes = new ArrayList<>();
        for (String name : names(root)) {
            Path entry = root.resolve(name);
            if (Files.isDirectory(entry)) {
                classes.add(name);
            } else {
                problem(entry, "expected only class folders in " + root + " (each subfolder is a class), found a file;"
                        + " move it out (names starting with '.' are skipped)");
            }
        }
        if (classes.isEmpty() && problems == 0) {
            problem(root, "expected one subfolder per class, holding its PNG images; found no subfolder");
        }
        List<List<String>> files = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path dir = root.resolve(classes.get(c));
            List<String> images = new ArrayList<>();
            for (String name : names(dir)) {
                if (Files.isDirectory(dir.resolve(name))) {
                    problem(dir.resolve(name), "expected PNG images in the class folder " + classes.get(c)
                            + ", found a folder (class folders are not searched further)");
                } else {
                    images.add(name);
                }
            }
            if (images.isEmpty()) {
                problem(dir, "expected PNG images in the class folder of class " + c + " (" + classes.get(c)
                        + "), found none");
            }
            files.add(List.copyOf(images));
        }
        if (problems > 0) {
            finish(root);
            return null;
        }
        return new Listing(root, List.copyOf(classes), List.copyOf(files));
    }

    /**
     * Reads the first {@code limit} images of {@code l} in sample order (0: all) as samples of
     * {@code shape} ([channels, height, width], channels 1 or 3); null after reporting problems.
     */
    Read read(Listing l, int[] shape, int limit) {
        int n = limit > 0 ? Math.min(limit, l.images()) : l.images();
        int size = shape[0] * shape[1] * shape[2];
        SampleStore.Builder b = new SampleStore.Builder(size, n);
        PngPixels png = new PngPixels(shape[0], shape[1], shape[2]);
        MessageDigest file = sha256();
        StringBuilder lines = new StringBuilder();
        byte[] row = new byte[size];
        long bytes = 0;
        int read = 0;
        // after the cap every image is still read, to count the problems not listed
        for (int c = 0; c < l.classes().size() && read < n; c++) {
            for (String name : l.files().get(c)) {
                if (read == n) {
                    break;
                }
                read++;
                Path path = l.root().resolve(l.classes().get(c)).resolve(name);
                byte[] content = content(path);
                if (content == null) {
                    continue;
                }
                bytes += content.length;
                lines.append(HexFormat.of().formatHex(file.digest(content))).append("  ").append(l.classes().get(c))
                        .append('/').append(name).append('\n');
                try {
                    png.decode(content, row);
                    b.addSample(row, c);
                } catch (PngPixels.Refused e) {
                    problem(path, e.getMessage());
                }
            }
        }
        if (problems > 0) {
            finish(l.root());
            return null;
        }
        String digest = HexFormat.of().formatHex(sha256().digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
        return new Read(b.build(), digest, bytes);
    }

    /** The bytes of an image file; null after reporting why they cannot be had. */
    private byte[] content(Path path) {
        try {
            return PngPixels.readFile(path);
        } catch (IOException e) {
            problem(path, "cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (PngPixels.Refused e) {
            problem(path, e.getMessage());
        }
        return null;
    }

    /** Reports how many problems were left out, if any. */
    private void finish(Path root) {
        if (problems > FileErrors.MAX) {
            diagnostics.omittedInFolder(Mark.of(root.toString()), yamlPath, problems - FileErrors.MAX);
            problems = FileErrors.MAX; // reported once
        }
    }

    private void problem(Path file, String message) {
        problems++;
        if (problems <= FileErrors.MAX) {
            diagnostics.error(Mark.of(file.toString()), yamlPath, message);
        }
    }

    /**
     * The class names of the folder {@code root} as {@link #list} finds them (its subfolders not
     * starting with '.', by code point), without reading any image; null when it cannot be listed.
     */
    static List<String> classFolders(Path root) {
        List<String> classes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(e)) {
                    classes.add(name);
                }
            }
        } catch (IOException e) {
            return null;
        }
        classes.sort(CODE_POINTS);
        return classes.isEmpty() ? null : classes;
    }

    /** The names in {@code dir} not starting with '.', sorted by code point; empty after a problem. */
    private List<String> names(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!survives(dir, name, e)) {
                    problem(e, "this file name cannot be read as text under the JVM's file-name encoding "
                            + System.getProperty("sun.jnu.encoding") + " (from the locale), so neither its class"
                            + " name nor its order would be right: run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
                    continue;
                }
                names.add(name);
            }
        } catch (IOException e) {
            problem(dir, "cannot list the folder: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        names.sort(CODE_POINTS);
        return names;
    }

    /**
     * Whether the entry's name, as text, names the entry again: not so when the JVM's file-name
     * charset (the locale's) lacks its characters.
     */
    private static boolean survives(Path dir, String name, Path entry) {
        try {
            return dir.resolve(name).equals(entry);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
