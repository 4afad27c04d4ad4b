package io.nnpipe.config;

/**
 * One error in a configuration: where it is (source position and YAML path) and what is wrong,
 * phrased as what was expected and what was found.
 */
public record Problem(Mark mark, String path, String message) {
    private static final int MAX_PATH = 120;

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
