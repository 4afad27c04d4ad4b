package io.nnpipe.data;

import io.nnpipe.config.ConfigException;
import io.nnpipe.config.Diagnostics;
import io.nnpipe.config.Mark;
import io.nnpipe.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of new samples to predict on, without labels: the formats the config's data sources read.
 * The format is recognised by content, never by name: gzip by its first two bytes (1f 8b, then the
 * decompressed bytes decide), IDX images by two zero bytes (the IDX magic; a text file never
 * starts with them), a NumPy array by its magic ({@code \x93NUMPY}), CSV otherwise. CSV: a header, then every column is an input value in the
 * order it stands, except {@code label} and {@code target...} columns, which are optional and
 * skipped ({@link CsvReader} in its inputs-only mode). IDX: images whose records fit the input
 * shape, no labels file ({@link IdxReader}). NumPy: an inputs array, as for {@code {npy: FILE}}
 * ({@link NpyReader}). Samples are held as compactly as training data
 * ({@link SampleStore}); their labels are -1, and the dataset has no targets.
 */
public final class InputFile {
    private InputFile() {
    }

    /**
     * The samples of {@code file} for inputs of {@code shape}, with {@code transform} applied on
     * copy (the config's scaling and normalisation, as for its test set).
     *
     * @throws ConfigException with every problem of the file (at most {@value FileErrors#MAX}),
     *         each at file:line:column or naming the IDX record
     */
    public static Dataset read(Path file, Shape shape, PixelTransform transform) {
        checkReadable(file);
        Diagnostics d = new Diagnostics();
        List<Path> files = new ArrayList<>();
        SampleStore store = DataSource.readFile(file, null, files, d, parser(shape));
        d.throwIfErrors();
        return new FileDataset(store, shape, 0, transform, files);
    }

    /**
     * The same for a stream ({@code predict --input -}: standard input, read to its end, not
     * closed), its problems reported under {@code name}.
     */
    public static Dataset read(InputStream in, String name, Shape shape, PixelTransform transform) {
        Diagnostics d = new Diagnostics();
        InputStream unclosed = new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // standard input stays open: it is not ours
            }
        };
        SampleStore store = DataSource.read(name, () -> OpenedFile.of(unclosed), null, d, parser(shape), () -> { });
        d.throwIfErrors();
        return new FileDataset(store, shape, 0, transform, List.of());
    }

    private static DataSource.Parser parser(Shape shape) {
        return (opened, errors) -> isIdx(opened.in()) ? IdxReader.images(opened.in(), null, shape.dims(), errors)
                : isNpy(opened.in()) ? NpyReader.inputs(opened.in(), null, shape.dims(), errors)
                : CsvReader.read(opened.in(), CsvReader.Expect.inputs(shape.size()), errors);
    }

    /** Whether the content starts with the IDX magic, two zero bytes; the stream is left where it was. */
    private static boolean isIdx(InputStream in) throws IOException {
        in.mark(2);
        boolean idx = in.read() == 0 && in.read() == 0;
        in.reset();
        return idx;
    }

    /** Whether the content starts with the .npy magic; the stream is left where it was. */
    private static boolean isNpy(InputStream in) throws IOException {
        in.mark(NpyHeader.MAGIC.length);
        byte[] start = in.readNBytes(NpyHeader.MAGIC.length);
        in.reset();
        return java.util.Arrays.equals(start, NpyHeader.MAGIC);
    }

    private static void checkReadable(Path file) {
        String problem = !Files.exists(file) ? "no such input file"
                : Files.isDirectory(file) ? "the input is a directory; expected a CSV, IDX or .npy file"
                : !Files.isRegularFile(file) ? "the input is not a regular file; expected a CSV, IDX or .npy file"
                : !Files.isReadable(file) ? "cannot read the input file: permission denied" : null;
        if (problem != null) {
            throw new ConfigException(Mark.of(file.toString()), null, problem);
        }
    }
}
