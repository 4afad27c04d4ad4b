package io.nnpipe.data;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Mark;
import io.nnpipe.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * New images to predict on ({@code predict --input}): one PNG file, or a folder of PNG files (its
 * files sorted by Unicode code point of their names, as an image folder's class folders are;
 * names starting with '.' skipped; subfolders refused). Each image is decoded and checked as a
 * training image is ({@link PngPixels}: PNG only, exact size, opaque, gray or colour as the
 * input's channels); every problem is reported at once, each naming its file.
 */
public final class InputImages {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private InputImages() {
    }

    /** The samples (unlabelled, transformed on copy) and each one's file name, in sample order. */
    public record Read(Dataset samples, List<String> names) {
    }

    /** Whether {@code input} is read as images: a folder, or a file that starts with the PNG signature. */
    public static boolean applies(Path input) {
        if (Files.isDirectory(input)) {
            return true;
        }
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            return false;
        }
        byte[] head = new byte[PNG.length];
        try (InputStream in = Files.newInputStream(input)) {
            return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, PNG);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the image or the folder's images as samples of {@code shape} ([1 or 3, h, w]) with
     * {@code transform} applied on copy.
     *
     * @throws ConfigException with every problem found (at most {@value FileErrors#MAX} listed)
     */
    public static Read read(Path input, Shape shape, PixelTransform transform) {
        int[] dims = shape.dims();
        if (dims.length != 3 || (dims[0] != 1 && dims[0] != 3)) {
            throw new ConfigException(Mark.of(input.toString()), null, "images need data.input_shape [1, HEIGHT, WIDTH]"
                    + " (gray) or [3, HEIGHT, WIDTH] (RGB), found " + Arrays.toString(dims));
        }
        List<Path> files = Files.isDirectory(input) ? files(input) : List.of(input);
        Diagnostics d = new Diagnostics();
        PngPixels png = new PngPixels(dims[0], dims[1], dims[2]);
        SampleStore.Builder b = new SampleStore.Builder(shape.size(), files.size());
        byte[] row = new byte[shape.size()];
        int problems = 0;
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            String problem;
            try {
                png.decode(PngPixels.readFile(f), row);
                b.addSample(row, -1);
                names.add(f.getFileName().toString());
                continue;
            } catch (PngPixels.Refused e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = "cannot read the file: " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                        : " (" + e.getMessage() + ")");
            }
            if (++problems <= FileErrors.MAX) {
                d.error(Mark.of(f.toString()), null, problem);
            }
        }
        if (problems > FileErrors.MAX) {
            d.omittedInFolder(Mark.of(input.toString()), null, problems - FileErrors.MAX);
        }
        d.throwIfErrors();
        return new Read(new FileDataset(b.build(), shape, 0, transform, List.of()), List.copyOf(names));
    }

    /** The folder's image files, sorted by code point; refuses subfolders and an empty folder. */
    private static List<Path> files(Path dir) {
        List<String> names = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(e)) {
                    folders.add(e);
                } else {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(Mark.of(dir.toString()), null, "cannot list the folder: " + e.getMessage());
        }
        if (!folders.isEmpty()) {
            folders.sort((a, b) -> ImageFolder.CODE_POINTS.compare(a.toString(), b.toString()));
            throw new ConfigException(Mark.of(folders.get(0).toString()), null, "expected the PNG images to predict"
                    + " directly in " + dir + ", found a folder (" + folders.size() + " in all; predict reads one"
                    + " folder, not its subfolders: give each folder in its own run)");
        }
        if (names.isEmpty()) {
            throw new ConfigException(Mark.of(dir.toString()), null, "expected PNG images to predict in the folder, found"
                    + " none (names starting with '.' are skipped)");
        }
        names.sort(ImageFolder.CODE_POINTS);
        return names.stream().map(dir::resolve).toList();
    }
}
