package io.nnpipe.data;

import io.nnpipe.config.Messages;
import java.util.List;

/**
 * The columns of a CSV data file, from its header: the column named {@code label}, the columns
 * named {@code target...} (in their order) and the input values (every other column, in order),
 * checked against what the file must hold ({@link CsvReader.Expect}). In the inputs-only mode
 * ({@code predict}) label and target columns are optional and skipped. Immutable.
 */
final class CsvColumns {
    /** An input value's column. */
    static final int INPUT = -1;
    /** The class label's column. */
    static final int LABEL = -2;
    /** A label or target column in the inputs-only mode: skipped, not even parsed. */
    static final int IGNORED = -3;

    /** Each column's role: {@link #LABEL}, {@link #INPUT}, {@link #IGNORED}, or the index of a target value. */
    private final int[] roles;
    private final int targets;
    private final int ignored;

    private CsvColumns(int[] roles, int targets, int ignored) {
        this.roles = roles;
        this.targets = targets;
        this.ignored = ignored;
    }

    /** The roles of the columns {@code names}; null after reporting (at line 1) why the header is unusable. */
    static CsvColumns of(List<String> names, CsvReader.Expect expect, FileErrors errors) {
        return expect.inputsOnly() ? inputsOnly(names, expect, errors) : labelled(names, expect, errors);
    }

    /** Columns in the file. */
    int count() {
        return roles.length;
    }

    /** Column {@code c}'s role: {@link #LABEL}, {@link #INPUT}, {@link #IGNORED} or a target's index. */
    int role(int c) {
        return roles[c];
    }

    /** Columns named target... (0: a label column instead, or the inputs-only mode). */
    int targets() {
        return targets;
    }

    /** Label and target columns skipped in the inputs-only mode. */
    int ignored() {
        return ignored;
    }

    /** What a sample holds besides its input values, in words: "label", "1 target", "2 skipped label/target columns". */
    String leading() {
        return leading(targets, ignored);
    }

    private static String leading(int targets, int ignored) {
        if (ignored > 0) {
            return ignored + " skipped label/target column" + (ignored == 1 ? "" : "s");
        }
        return targets == 0 ? "label" : targets + " target" + (targets == 1 ? "" : "s");
    }

    private static CsvColumns labelled(List<String> names, CsvReader.Expect expect, FileErrors errors) {
        int[] roles = new int[names.size()];
        int labels = 0;
        int targets = 0;
        for (int c = 0; c < roles.length; c++) {
            roles[c] = names.get(c).equals("label") ? LABEL : names.get(c).startsWith("target") ? targets++ : INPUT;
            labels += roles[c] == LABEL ? 1 : 0;
        }
        if (labels + targets == 0 || labels > 1 || (labels == 1 && targets > 0)) {
            errors.at(1, 1, labels > 1 ? "expected one column named 'label', found " + labels
                    : labels == 1 ? "expected either a 'label' column or target... columns, found both"
                    : "expected a header line naming a 'label' column (label,p0,...,p" + (expect.size() - 1)
                    + ") or target columns (target0,...,p0,...), found \""
                    + Messages.clip(names.get(0)) + "\" first and no such column" + caseHint(names));
            return null;
        }
        if (targets > 1 && !numberTargets(names, roles, targets, errors)) {
            return null;
        }
        if (targets > 0 && expect.classes() > 0 && targets != expect.classes()) {
            errors.at(1, 1, "expected " + expect.classes() + " target column" + (expect.classes() == 1 ? "" : "s")
                    + ", one per network output (the network has " + expect.classes() + "), found " + targets
                    + " named target...");
            return null;
        }
        if (roles.length - labels - targets != expect.size()) {
            errors.at(1, 1, "expected " + (expect.size() + labels + targets) + " columns (" + leading(targets, 0)
                    + " and " + expect.size() + " input values for the input shape), found " + roles.length
                    + " in the header");
            return null;
        }
        return new CsvColumns(roles, targets, 0);
    }

    /**
     * Gives numbered target columns ({@code target0,target1,...}) the output their number names, in
     * whatever order they stand: {@code target1,target0} used to fill output 0 from {@code target1}
     * without a word (QA's fifth pass). Columns not all numbered ({@code target_x,target_y}) keep
     * their order. False after reporting numbers that are not 0 to targets-1, each once.
     */
    private static boolean numberTargets(List<String> names, int[] roles, int targets, FileErrors errors) {
        int[] number = new int[roles.length];
        boolean[] seen = new boolean[targets];
        for (int c = 0; c < roles.length; c++) {
            String digits = roles[c] >= 0 ? names.get(c).substring("target".length()) : "";
            if (roles[c] >= 0 && !digits.matches("\\d{1,9}")) {
                return true; // not all numbered: their order is the outputs' order
            }
            number[c] = roles[c] >= 0 ? Integer.parseInt(digits) : -1;
        }
        for (int c = 0; c < roles.length; c++) {
            if (roles[c] >= 0) {
                if (number[c] >= targets || seen[number[c]]) {
                    errors.at(1, 1, "expected the target columns target0 to target" + (targets - 1) + ", each once"
                            + " (one per network output), found \"" + Messages.clip(names.get(c)) + "\""
                            + (number[c] < targets ? " twice" : ""));
                    return false;
                }
                seen[number[c]] = true;
                roles[c] = number[c];
            }
        }
        return true;
    }

    /**
     * A header name without the double quotes that R's {@code write.csv} and pandas'
     * {@code QUOTE_ALL} put around it ({@code "label"} was not found as the label column).
     */
    static String unquote(String name) {
        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                && name.indexOf('"', 1) == name.length() - 1 ? name.substring(1, name.length() - 1).strip() : name;
    }

    private static CsvColumns inputsOnly(List<String> names, CsvReader.Expect expect, FileErrors errors) {
        int[] roles = new int[names.size()];
        int ignored = 0;
        for (int c = 0; c < roles.length; c++) {
            boolean skip = names.get(c).equals("label") || names.get(c).startsWith("target");
            roles[c] = skip ? IGNORED : INPUT;
            ignored += skip ? 1 : 0;
        }
        if (names.stream().filter("label"::equals).count() > 1) {
            // which one is the label is unclear, so which columns are inputs may be too (training refuses it too)
            errors.at(1, 1, "expected at most one column named 'label', found "
                    + names.stream().filter("label"::equals).count());
            return null;
        }
        if (looksLikeASample(names)) {
            // without a label column to require, a missing header would silently cost the first sample
            errors.at(1, 1, "expected a header line naming the columns (e.g. p0,...,p" + (expect.size() - 1)
                    + "), found numbers: is the first line a sample? (a header of the column numbers 0,1,2,... is taken)");
            return null;
        }
        if (roles.length - ignored != expect.size()) {
            errors.at(1, 1, "expected " + expect.size() + " input columns, one per value of the input shape"
                    + (ignored > 0 ? " (not counting the " + leading(0, ignored) + ")" : "") + ", found "
                    + (roles.length - ignored) + " in the header" + caseHint(names));
            return null;
        }
        return new CsvColumns(roles, 0, ignored);
    }

    /** " (column 7 is \"Label\": ...)" when a name is label or target... in other letter case, else "". */
    private static String caseHint(List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            String n = names.get(c);
            String lower = n.toLowerCase(java.util.Locale.ROOT);
            if ((lower.equals("label") || lower.startsWith("target")) && !n.equals("label") && !n.startsWith("target")) {
                return " (column " + (c + 1) + " is \"" + Messages.clip(n) + "\": names are case-sensitive; write "
                        + lower + ")";
            }
        }
        return "";
    }

    /**
     * What the file is when its first line is no header of text, else null: the ways such a file
     * was misread as a header of odd names (QA's fifth pass): UTF-16 text (Excel's "Unicode
     * text"), an IDX file given as {@code csv:}, a binary file, and line ends of CR alone (classic
     * Mac; {@code bareCr}), which make the whole file one line.
     */
    static String notText(List<String> names, boolean bareCr) {
        String first = names.get(0);
        return first.startsWith("\u00ff\u00fe") || first.startsWith("\u00fe\u00ff")
                ? "UTF-16 text (it starts with the byte-order mark " + (first.charAt(0) == '\u00ff' ? "FF FE" : "FE FF")
                + "); save it as UTF-8"
                : first.startsWith("\0\0") ? "an IDX file (it starts with the IDX magic 00 00): give IDX images and labels"
                + " as {images: FILE, labels: FILE}"
                : String.join(",", names).indexOf('\0') >= 0 ? "a NUL byte in the first line: is it a binary file?"
                : bareCr ? "lines ending in CR alone (an old Mac text file: the whole file reads as one line);"
                + " convert its line ends to LF or CRLF" : null;
    }

    /** Whether every name is a number, except for the column numbers 0, 1, 2, ... in order (as pandas names columns). */
    private static boolean looksLikeASample(List<String> names) {
        boolean numbering = true;
        for (int c = 0; c < names.size(); c++) {
            if (!CsvReader.isDecimal(names.get(c))) {
                return false;
            }
            numbering &= names.get(c).equals(Integer.toString(c));
        }
        return !numbering;
    }
}
