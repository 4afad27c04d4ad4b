package io.nnpipe.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first traced step of a run, read back from {@code trace.csv}: its tensors in file order
 * (forward, loss, backward, update), each the consecutive rows that share phase, layer, tensor and
 * sample. Only the first step is read, so a run that traced every step costs no more to report.
 *
 * @param epoch the step's epoch
 * @param step the global step number
 * @param tensors the step's tensors, in the order they were traced
 */
public record TraceStep(int epoch, long step, List<Tensor> tensors) {

    /** One traced tensor; {@code sample} is the dataset index (from 1), 0 for per-step tensors. */
    public record Tensor(String phase, String layer, String name, int sample, double[] values) {
    }

    /** The first traced step in {@code file}, or null when the file is missing or holds no rows. */
    public static TraceStep readFirst(Path file) {
        try (BufferedReader r = RegularFile.open(file)) {
            String header = r.readLine();
            if (header == null || !header.equals(TraceLog.HEADER)) {
                throw bad(file + ": expected the header " + TraceLog.HEADER + ", found " + header);
            }
            return read(r, file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static TraceStep read(BufferedReader r, Path file) throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        String[] key = null;
        double[] values = new double[16];
        int n = 0;
        int epoch = 0;
        long step = -1;
        int row = 1;
        for (String line = r.readLine(); line != null && !line.isEmpty(); line = r.readLine()) {
            row++;
            String[] f = line.split(",", -1);
            if (f.length != 8) {
                throw bad(file + ": row " + row + " has " + f.length + " fields, expected 8");
            }
            long s = parseLong(f[1], file, row);
            if (step < 0) {
                step = s;
                epoch = (int) parseLong(f[0], file, row);
            } else if (s != step) {
                break;
            }
            String[] k = {f[3], f[4], f[5], f[2]};
            if (key != null && !java.util.Arrays.equals(k, key)) {
                tensors.add(tensor(key, values, n));
                n = 0;
            }
            key = k;
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, 2 * n);
            }
            values[n++] = parseDouble(f[7], file, row);
        }
        if (key == null) {
            return null;
        }
        tensors.add(tensor(key, values, n));
        return new TraceStep(epoch, step, List.copyOf(tensors));
    }

    private static Tensor tensor(String[] key, double[] values, int n) {
        int sample = key[3].isEmpty() ? 0 : Integer.parseInt(key[3]);
        return new Tensor(key[0], key[1], key[2], sample, java.util.Arrays.copyOf(values, n));
    }

    /** The samples of the step's batch, in order (dataset indices from 1). */
    public List<Integer> samples() {
        List<Integer> out = new ArrayList<>();
        for (Tensor t : tensors) {
            if (t.sample() > 0 && !out.contains(t.sample())) {
                out.add(t.sample());
            }
        }
        return out;
    }

    private static long parseLong(String s, Path file, int row) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad(file + ": row " + row + ": not a whole number: \"" + s + "\"");
        }
    }

    private static double parseDouble(String s, Path file, int row) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw bad(file + ": row " + row + ": not a number: \"" + s + "\"");
        }
    }

    private static UncheckedIOException bad(String message) {
        return new UncheckedIOException(message, new IOException(message));
    }
}
