package io.nnpipe.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one mapping that its reader knows, and the required ones it reported missing, so
 * that what is left over can be reported as unknown with a did-you-mean, and a misspelt required
 * key becomes one message ("unknown key 'kernal' (did you mean 'kernel'? ...)") instead of two.
 * Used by {@link Params}; not thread-safe.
 */
final class KeyLedger {
    private final Node.MapNode node;
    private final Diagnostics diagnostics;
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, Problem> missing = new LinkedHashMap<>();

    KeyLedger(Node.MapNode node, Diagnostics diagnostics) {
        this.node = node;
        this.diagnostics = diagnostics;
    }

    void know(String key) {
        known.add(key);
    }

    /** Reports that {@code key} is absent, saying what it should hold; remembered for {@link #finish}. */
    void missing(String key, String what) {
        known.add(key);
        Problem p = new Problem(node.mark(), Node.child(node.path(), key), "missing required key '" + key + "' (" + what + ")");
        diagnostics.error(p.mark(), p.path(), p.message());
        missing.put(key, p);
    }

    /** Reports every present key nobody asked for, folding a misspelt required key into one message. */
    void finish() {
        for (Node.Entry e : node.entries().values()) {
            if (known.contains(e.key())) {
                continue;
            }
            String close = Messages.closest(e.key(), known);
            Problem absent = close == null ? null : missing.remove(close);
            if (absent != null) {
                fold(e, absent, close);
                continue;
            }
            diagnostics.error(e.keyMark(), path(e), "unknown key '" + Messages.clip(e.key()) + "'"
                    + Messages.didYouMean(e.key(), known) + (known.isEmpty() ? "; no keys are known here"
                            : "; known keys here: " + String.join(", ", known)));
        }
    }

    /** Folds a misspelling of the required {@code key} into one message, judging no other key. */
    void foldTypo(String key) {
        Problem absent = missing.get(key);
        if (absent == null) {
            return;
        }
        for (Node.Entry e : node.entries().values()) {
            if (!known.contains(e.key()) && Messages.closest(e.key(), List.of(key)) != null) {
                missing.remove(key);
                known.add(e.key());
                fold(e, absent, key);
                return;
            }
        }
    }

    /** One typo, one message: the unknown key explains the missing one, which is withdrawn. */
    private void fold(Node.Entry typo, Problem absent, String key) {
        diagnostics.withdraw(absent);
        diagnostics.error(typo.keyMark(), path(typo), "unknown key '" + Messages.clip(typo.key()) + "' (did you mean '"
                + key + "'? '" + key + "' is required here)");
    }

    private String path(Node.Entry e) {
        return Node.child(node.path(), e.key());
    }
}
