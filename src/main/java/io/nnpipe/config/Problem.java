package io.nnpipe.config;

/**
 * One error in a configuration: where it is (source position and YAML path) and what is wrong,
 * phrased as what was expected and what was found.
 */
public record Problem(Mark mark, String path, String message, int omitted) {
    private static final int MAX_PATH = 120;

    /** A problem; {@code omitted} is 0. */
    public Problem(Mark mark, String path, String message) {
        this(mark, path, message, 0);
    }

    /**
     * Stands for {@code count} further problems of {@code mark}'s file that are not listed (a
     * file's problems are capped); counted in the total and listed after the file's others.
     */
    public static Problem omitted(Mark mark, String path, int count) {
        return omitted(mark, path, count, "file");
    }

    /**
     * As {@link #omitted(Mark, String, int)} for a folder whose files' problems are capped (an image
     * folder): {@code mark} is the folder, and the count is listed after the problems of its files.
     */
    public static Problem omittedInFolder(Mark mark, String path, int count) {
        return omitted(mark, path, count, "folder");
    }

    private static Problem omitted(Mark mark, String path, int count, String where) {
        return new Problem(mark, path, count + " more problem" + (count == 1 ? "" : "s") + " in this " + where
                + " not shown", count);
    }

    /**
     * {@code file:line:col: path: message}, on one line: a very long path (a huge key) is cut,
     * and control characters (which a double-quoted YAML key or value can hold, e.g. a terminal
     * escape) are shown as {@code \}{@code uXXXX}, so a config cannot garble the terminal.
     */
    @Override
    public String toString() {
        String p = path == null ? null : Node.display(path);
        if (p != null && p.length() > MAX_PATH) {
            p = p.substring(0, MAX_PATH - 3) + "...";
        }
        return safe(mark + ": " + (p == null ? "" : p + ": ") + message);
    }

    private static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f && c < 0xa0) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
