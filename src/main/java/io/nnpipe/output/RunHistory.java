package io.nnpipe.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss history of a run, read back from its folder's {@code loss.csv} and {@code epochs.csv}
 * (columns found by name, so files with extra columns read the same). Metrics that do not apply
 * (empty fields) are NaN. Plots and the report are drawn from this, never from live training
 * state, so they can be redrawn from the files alone.
 *
 * @param name a label for the run (its folder's name)
 * @param steps global step numbers, from 1, one per {@code loss.csv} row
 * @param stepLoss the mean loss of each step's forward pass
 * @param epochs the epochs of {@code epochs.csv}, in order
 * @param epochEndStep the last step of each of those epochs (0 if {@code loss.csv} has none)
 * @param testLossWritten whether each epoch's {@code test_loss} cell holds a value: a written
 *     {@code NaN} (a test loss that is not a number) is not an empty cell (no test set), though
 *     both read as NaN
 */
public record RunHistory(String name, long[] steps, double[] stepLoss, int[] epochs, long[] epochEndStep,
        double[] trainLoss, double[] trainAccuracy, double[] testLoss, double[] testAccuracy,
        boolean[] testLossWritten) {

    /** A history whose NaN test losses are all empty cells (no test set). */
    public RunHistory(String name, long[] steps, double[] stepLoss, int[] epochs, long[] epochEndStep,
            double[] trainLoss, double[] trainAccuracy, double[] testLoss, double[] testAccuracy) {
        this(name, steps, stepLoss, epochs, epochEndStep, trainLoss, trainAccuracy, testLoss, testAccuracy,
                numbers(testLoss));
    }

    private static boolean[] numbers(double[] values) {
        boolean[] b = new boolean[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = !Double.isNaN(values[i]);
        }
        return b;
    }

    /** Reads a run folder; a missing {@code epochs.csv} (a run stopped in its first epoch) reads as no epochs. */
    public static RunHistory read(Path dir) {
        Table loss = Table.read(dir.resolve(RunFolder.LOSS), true);
        Table ep = Table.read(dir.resolve(RunFolder.EPOCHS), false);
        long[] steps = loss.longs("step");
        int[] stepEpoch = loss.ints("epoch");
        int[] epochs = ep.ints("epoch");
        // one pass over the steps (a loop over steps per epoch took minutes for 100,000 epochs)
        Map<Integer, Long> last = new HashMap<>();
        for (int k = 0; k < steps.length; k++) {
            last.put(stepEpoch[k], steps[k]);
        }
        long[] end = new long[epochs.length];
        for (int i = 0; i < epochs.length; i++) {
            end[i] = last.getOrDefault(epochs[i], 0L);
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new RunHistory(name == null ? dir.toString() : name.toString(), steps, loss.doubles("loss"), epochs, end,
                ep.doubles("train_loss"), ep.doubles("train_accuracy"), ep.doubles("test_loss"),
                ep.doubles("test_accuracy"), ep.written("test_loss"));
    }

    /** The same history under another label. */
    public RunHistory named(String label) {
        return new RunHistory(label, steps, stepLoss, epochs, epochEndStep, trainLoss, trainAccuracy, testLoss,
                testAccuracy, testLossWritten);
    }

    /**
     * What a loss chart cannot draw: epoch losses that are infinite (a test sample whose output
     * saturated against its target costs +∞: training goes on, epochs.csv says Infinity) or a
     * written NaN (batch norm at inference with a running variance of 0 and ε 0), one sentence
     * per column and kind, for a note beside the chart; empty when everything is drawn.
     */
    public List<String> undrawnEpochLosses() {
        List<String> notes = new ArrayList<>();
        boolean[] trainInfinite = new boolean[trainLoss.length];
        boolean[] testInfinite = new boolean[testLoss.length];
        boolean[] testNaN = new boolean[testLoss.length];
        for (int i = 0; i < trainLoss.length; i++) {
            trainInfinite[i] = Double.isInfinite(trainLoss[i]);
        }
        for (int i = 0; i < testLoss.length; i++) {
            testInfinite[i] = Double.isInfinite(testLoss[i]);
            testNaN[i] = Double.isNaN(testLoss[i]) && testLossWritten[i];
        }
        undrawn(notes, "the training loss is infinite", trainInfinite);
        undrawn(notes, "the test loss is infinite", testInfinite);
        undrawn(notes, "the test loss is not a number (NaN)", testNaN);
        return notes;
    }

    private void undrawn(List<String> notes, String what, boolean[] left) {
        StringBuilder at = new StringBuilder();
        int count = 0;
        for (int i = 0; i < left.length; i++) {
            if (left[i]) {
                if (++count <= 5) {
                    at.append(count > 1 ? ", " : "").append(epochs[i]);
                }
            }
        }
        if (count > 0) {
            notes.add(what + " after " + (count == 1 ? "epoch " : "epochs ") + at + (count > 5 ? ", ..." : "") + " ("
                    + count + " of " + left.length + " epochs) and is left out of the chart; epochs.csv has the values");
        }
    }

    /**
     * What a log-scale chart of the step losses leaves out: "N of M step losses are 0 or not finite
     * and cannot be drawn on a log scale; they are left out"; null when every one is drawn.
     */
    public String logScaleGap() {
        int left = 0;
        for (double v : stepLoss) {
            left += v > 0 && Double.isFinite(v) ? 0 : 1;
        }
        return left == 0 ? null : left + " of " + stepLoss.length + " step losses are 0 or not finite and cannot be"
                + " drawn on a log scale; they are left out";
    }

    /** Whether any epoch has a test loss (the run had a test set). */
    public boolean hasTest() {
        return anyNumber(testLoss);
    }

    /** Whether any epoch has a test accuracy (a test set with class labels). */
    public boolean hasTestAccuracy() {
        return anyNumber(testAccuracy);
    }

    // loops, not streams: this runs once per chart at the end of every run (docs/performance.md)
    private static boolean anyNumber(double[] values) {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rows of a CSV file, as text, with columns looked up by header name; {@code lines} holds
     * each row's line number in the file, for messages ({@code loss.csv:7: column 'step': ...}).
     * A file damaged by hand or by a tool is named with what was expected, never a crash (QA's
     * fifth pass: an epoch of 99999999999 in {@code epochs.csv} stopped {@code plot} with an
     * internal error, and a binary {@code loss.csv} gave "Input length = 1").
     */
    private record Table(Path file, List<String> header, List<String[]> rows, List<Integer> lines) {
        static Table read(Path file, boolean required) {
            try (BufferedReader r = RegularFile.open(file)) {
                String first = r.readLine();
                if (first == null) {
                    throw bad(file + " is empty (expected a header line)");
                }
                List<String> header = List.of(first.split(",", -1));
                List<String[]> rows = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                int n = 1;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    n++;
                    if (!line.isEmpty()) {
                        rows.add(line.split(",", -1));
                        lines.add(n);
                    }
                }
                return new Table(file, header, rows, lines);
            } catch (NoSuchFileException e) {
                if (required) {
                    throw new UncheckedIOException("not a run folder: " + file + " does not exist", e);
                }
                return new Table(file, List.of(), List.of(), List.of());
            } catch (java.nio.charset.CharacterCodingException e) {
                throw bad(file + " is not UTF-8 text; expected the run's CSV file (was it replaced or damaged?)");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        private int column(String name) {
            int c = header.indexOf(name);
            if (c < 0 && !rows.isEmpty()) {
                throw bad(file + ":1: expected a column '" + name + "' in the header, found " + String.join(",", header));
            }
            return c;
        }

        private String field(int row, int c) {
            String[] f = rows.get(row);
            if (c >= f.length) {
                throw bad(at(row) + "expected " + header.size() + " fields as in the header, found " + f.length
                        + "; is the file complete?");
            }
            return f[c];
        }

        private String at(int row) {
            return file + ":" + lines.get(row) + ": ";
        }

        private static UncheckedIOException bad(String message) {
            return new UncheckedIOException(message, new IOException(message));
        }

        /** Whether each row's cell in column {@code name} holds anything (all false without the column). */
        boolean[] written(String name) {
            int c = header.indexOf(name);
            boolean[] w = new boolean[rows.size()];
            for (int i = 0; c >= 0 && i < w.length; i++) {
                w[i] = !field(i, c).isEmpty();
            }
            return w;
        }

        double[] doubles(String name) {
            int c = column(name);
            double[] v = new double[rows.size()];
            for (int i = 0; i < v.length; i++) {
                String s = field(i, c);
                v[i] = s.isEmpty() ? Double.NaN : parse(s, i, name);
            }
            return v;
        }

        /** A column of whole numbers from 0 to {@code max}. */
        private long[] whole(String name, long max) {
            int c = column(name);
            long[] v = new long[rows.size()];
            for (int i = 0; i < v.length; i++) {
                String s = field(i, c);
                v[i] = s.matches("\\d{1,18}") ? Long.parseLong(s) : -1;
                if (v[i] < 0 || v[i] > max) {
                    throw bad(at(i) + "column '" + name + "': expected a whole number from 0 to " + max + ", found \""
                            + clip(s) + "\"");
                }
            }
            return v;
        }

        long[] longs(String name) {
            return whole(name, Long.MAX_VALUE);
        }

        int[] ints(String name) {
            long[] v = whole(name, Integer.MAX_VALUE);
            int[] n = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                n[i] = (int) v[i];
            }
            return n;
        }

        private double parse(String s, int row, String name) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw bad(at(row) + "column '" + name + "': expected a number, found \"" + clip(s) + "\"");
            }
        }

        private static String clip(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }
}
