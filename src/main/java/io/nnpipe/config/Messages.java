package io.nnpipe.config;

import java.util.Collection;

/** Small helpers for user-facing messages: clipping long text and suggesting near names. */
public final class Messages {
    private Messages() {
    }

    /** {@code text} cut to 40 characters with an ellipsis, control characters escaped. */
    public static String clip(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 40; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() < text.length() && text.length() > 40 ? b + "..." : b.toString();
    }

    /**
     * The known name closest to {@code name} by edit distance, if it is close enough to be a likely
     * typo (at most a third of the longer name, and at most 3 edits); otherwise {@code null}.
     */
    public static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (Math.abs(name.length() - k.length()) > 3) {
                continue; // more than 3 edits apart; also keeps a huge name from costing a huge table
            }
            int d = editDistance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
                best = k;
                bestDistance = d;
            }
        }
        if (best == null) {
            return null;
        }
        int limit = Math.min(3, Math.max(1, Math.max(name.length(), best.length()) / 3));
        return bestDistance <= limit ? best : null;
    }

    /** {@code " (did you mean 'x'?)"} or an empty string. */
    /**
     * "unknown WORD 'ID' (did you mean 'X'?); known: a, b, c" for an id no registry entry has; with no
     * close match, also where ids from a plugin come from (a config written for a plugin, run without
     * its jar, said only "unknown": QA's seventh pass).
     */
    public static String unknown(String word, String id, Collection<String> known) {
        String mean = didYouMean(id, known);
        return "unknown " + word + " '" + clip(id) + "'" + mean + "; known: " + String.join(", ", known)
                + (mean.isEmpty() ? "; if it comes from a plugin, put the plugin's jar on the class path"
                        + " (java -cp target/pipeline.jar:PLUGIN.jar io.nnpipe.cli.Main ...; README, \"Writing a plugin\")"
                        : "");
    }

    public static String didYouMean(String name, Collection<String> known) {
        String c = closest(name, known);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    public static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }

    /** Names joined for a message: {@code 'a', 'b' or 'c'}. */
    public static String oneOf(Collection<String> names) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (String n : names) {
            if (i > 0) {
                b.append(i == names.size() - 1 ? " or " : ", ");
            }
            b.append('\'').append(n).append('\'');
            i++;
        }
        return b.toString();
    }
}
