package io.nnpipe.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the CSV files of two run folders (those training wrote: {@code evaluation-*.csv} files
 * that {@code evaluate} added are skipped): the same files (none missing, none extra), the same
 * headers, the same number of rows, and the same values. Bit for bit by default: numbers must be
 * the identical double (text fields the identical text). With a tolerance, a number {@code a} of
 * this run matches the golden {@code g} when {@code |a - g| <= atol + rtol * |g|} (NumPy's
 * {@code isclose}), NaN matches NaN, and infinities must be equal; the count and key columns
 * ({@code epoch}, {@code step}, {@code sample}, {@code index}, {@code batch_size}) and text fields
 * are always compared exactly. Files are streamed, so size is no concern.
 */
public final class RunComparison {
    private static final Set<String> KEY_COLUMNS = Set.of("epoch", "step", "sample", "index", "batch_size");
    /** Names {@code evaluate} gives its CSV files in a run folder; not outputs of training. */
    public static final String EVALUATION_PREFIX = "evaluation-";

    /** Numeric tolerance; {@link #EXACT} (both 0) compares bits. */
    public record Tolerance(double rtol, double atol) {
        public static final Tolerance EXACT = new Tolerance(0, 0);

        public boolean exact() {
            return rtol == 0 && atol == 0;
        }
    }

    /** The first difference in a file: row 0 is the header; {@code goldenLine}/{@code actualLine} for context. */
    public record Difference(String file, long row, String column, String golden, String actual, String goldenLine,
            String actualLine) {
    }

    /**
     * How one file compared: of its {@code rows} (the longer file's), {@code changedRows} hold
     * {@code changedValues} values that are not the identical double or text, {@code failedValues}
     * of them outside the tolerance (all, when comparing bit for bit); the largest numeric
     * differences seen; {@code first} is the first failing value (null when the file matches).
     * {@code goldenRows} and {@code actualRows} count each side's rows; both are -1 when the
     * headers differ (or a file is not text), since rows are then not compared.
     */
    public record FileResult(String file, Status status, long rows, long changedRows, long changedValues,
            long failedValues, double maxAbsDiff, double maxRelDiff, Difference first, long goldenRows, long actualRows) {
        public boolean matches() {
            return status == Status.IDENTICAL || status == Status.WITHIN_TOLERANCE;
        }

        /** Whether the rows were compared at all (not when the headers differ or a file is not text). */
        public boolean rowsCompared() {
            return goldenRows >= 0;
        }
    }

    /** The outcome for one file. */
    public enum Status {
        IDENTICAL, WITHIN_TOLERANCE, DIFFERENT, MISSING, EXTRA
    }

    private RunComparison() {
    }

    /**
     * Compares every CSV file under {@code golden} and {@code actual}, in path order.
     *
     * @throws RunFolderException when {@code golden} is not a folder or holds no CSV file
     */
    public static List<FileResult> compare(Path golden, Path actual, Tolerance tolerance) {
        if (!Files.isDirectory(golden)) {
            throw new RunFolderException("the golden run " + golden + " is not a folder");
        }
        Set<String> goldenFiles = new HashSet<>(csvFiles(golden)); // sets: a run may hold 100,000 snapshots
        if (goldenFiles.isEmpty()) {
            throw new RunFolderException("the golden run " + golden + " holds no CSV files");
        }
        Set<String> actualFiles = new HashSet<>(csvFiles(actual));
        Set<String> all = new TreeSet<>(goldenFiles);
        all.addAll(actualFiles);
        List<FileResult> results = new ArrayList<>();
        for (String f : all) {
            if (!actualFiles.contains(f)) {
                results.add(new FileResult(f, Status.MISSING, 0, 0, 0, 0, 0, 0,
                        new Difference(f, 0, "(file)", "present", "missing", null, null), -1, -1));
            } else if (!goldenFiles.contains(f)) {
                results.add(new FileResult(f, Status.EXTRA, 0, 0, 0, 0, 0, 0,
                        new Difference(f, 0, "(file)", "missing", "present", null, null), -1, -1));
            } else {
                results.add(new FileComparison(f, tolerance).run(golden.resolve(f), actual.resolve(f)));
            }
        }
        return results;
    }

    /**
     * The CSV files training wrote: every CSV in the folder except {@code evaluation-*.csv} at its
     * top, which {@code evaluate} writes there by default (a golden run that was evaluated is
     * still the same run).
     */
    private static List<String> csvFiles(Path dir) {
        return RunManifest.files(dir).stream()
                .filter(f -> f.endsWith(".csv") && !(f.startsWith(EVALUATION_PREFIX) && f.indexOf('/') < 0))
                .toList();
    }

    /** The comparison of one pair of files, streaming both. */
    private static final class FileComparison {
        private final String name;
        private final Tolerance tolerance;
        private List<String> columns;
        private long rows;
        private long changedRows;
        private long changedValues;
        private long failedValues;
        private double maxAbs;
        private double maxRel;
        private Difference first;
        private long goldenRows = -1;
        private long actualRows = -1;

        FileComparison(String name, Tolerance tolerance) {
            this.name = name;
            this.tolerance = tolerance;
        }

        FileResult run(Path golden, Path actual) {
            try (BufferedReader g = RegularFile.open(golden);
                    BufferedReader a = RegularFile.open(actual)) {
                String gh = g.readLine();
                String ah = a.readLine();
                if (gh == null || !gh.equals(ah)) {
                    first = new Difference(name, 0, "(header)", gh == null ? "(empty file)" : gh,
                            ah == null ? "(empty file)" : ah, gh, ah);
                    return result(Status.DIFFERENT);
                }
                columns = List.of(gh.split(",", -1));
                for (String gl = g.readLine(), al = a.readLine(); gl != null || al != null; gl = g.readLine(), al = a.readLine()) {
                    rows++;
                    if (gl == null || al == null) {
                        return rowCountDiffers(g, a, gl, al);
                    }
                    row(gl, al);
                }
                goldenRows = rows;
                actualRows = rows;
            } catch (CharacterCodingException e) {
                // a damaged golden file (binary, another encoding) is a difference, not an unreadable
                // input: QA's sixth pass got "error: cannot read epochs.csv: Input length = 1", exit 2
                first = new Difference(name, 0, "(encoding)", "not UTF-8 text", "text", null, null);
                goldenRows = -1;
                actualRows = -1;
                return result(Status.DIFFERENT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
            }
            return result(first != null ? Status.DIFFERENT : changedValues > 0 ? Status.WITHIN_TOLERANCE : Status.IDENTICAL);
        }

        private FileResult rowCountDiffers(BufferedReader g, BufferedReader a, String gl, String al) throws IOException {
            long goldenRows = rows - (gl == null ? 1 : 0);
            long actualRows = rows - (al == null ? 1 : 0);
            BufferedReader longer = gl == null ? a : g;
            long more = 1;
            while (longer.readLine() != null) {
                more++;
            }
            goldenRows += gl == null ? 0 : more - 1;
            actualRows += al == null ? 0 : more - 1;
            if (first == null) {
                first = new Difference(name, rows, "(row count)", goldenRows + " rows", actualRows + " rows", gl, al);
            }
            rows = Math.max(goldenRows, actualRows);
            this.goldenRows = goldenRows;
            this.actualRows = actualRows;
            changedRows += more;
            return result(Status.DIFFERENT);
        }

        private void row(String gl, String al) {
            if (gl.equals(al)) {
                return;
            }
            String[] gf = gl.split(",", -1);
            String[] af = al.split(",", -1);
            if (gf.length != af.length) {
                differ("(fields)", gf.length + " fields", af.length + " fields", gl, al);
                return;
            }
            boolean rowChanged = false;
            for (int c = 0; c < gf.length; c++) {
                if (!identical(gf[c], af[c])) {
                    rowChanged = true;
                    changedValues++;
                    if (!close(c, gf[c], af[c])) {
                        failedValues++;
                        if (first == null) {
                            first = new Difference(name, rows, column(c), gf[c], af[c], gl, al);
                        }
                    }
                }
            }
            if (rowChanged) {
                changedRows++;
            }
        }

        private void differ(String what, String golden, String actual, String gl, String al) {
            changedRows++;
            changedValues++;
            failedValues++;
            if (first == null) {
                first = new Difference(name, rows, what, golden, actual, gl, al);
            }
        }

        /** The same text, or the same double written differently (e.g. 1 and 1.0). */
        private static boolean identical(String g, String a) {
            if (g.equals(a)) {
                return true;
            }
            try {
                return Double.doubleToRawLongBits(Double.parseDouble(g)) == Double.doubleToRawLongBits(Double.parseDouble(a));
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** Whether two non-identical fields match under the tolerance; records numeric differences. */
        private boolean close(int c, String g, String a) {
            double gv;
            double av;
            try {
                gv = Double.parseDouble(g);
                av = Double.parseDouble(a);
            } catch (NumberFormatException e) {
                return false;
            }
            double diff = Math.abs(av - gv);
            if (Double.isFinite(diff)) {
                maxAbs = Math.max(maxAbs, diff);
                maxRel = Math.max(maxRel, gv == 0 ? Double.POSITIVE_INFINITY : diff / Math.abs(gv));
            }
            if (tolerance.exact() || KEY_COLUMNS.contains(column(c))) {
                return false;
            }
            return Double.isNaN(gv) && Double.isNaN(av) || diff <= tolerance.atol() + tolerance.rtol() * Math.abs(gv);
        }

        private String column(int c) {
            return c < columns.size() ? columns.get(c) : "#" + (c + 1);
        }

        private FileResult result(Status status) {
            return new FileResult(name, status, rows, changedRows, changedValues, failedValues, maxAbs, maxRel, first,
                    goldenRows, actualRows);
        }
    }
}
