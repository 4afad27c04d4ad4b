package io.nnpipe.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found while reading a configuration, so that all of them are reported
 * at once instead of one per run. Not thread-safe.
 */
public final class Diagnostics {
    private final List<Problem> problems = new ArrayList<>();

    /** Records a problem at a node. */
    public void error(Node at, String message) {
        problems.add(new Problem(at.mark(), at.path(), message));
    }

    /** Records a problem at an explicit position and path. */
    public void error(Mark mark, String path, String message) {
        problems.add(new Problem(mark, path, message));
    }

    /** Records that {@code count} further problems of a file are not listed ({@link Problem#omitted}). */
    public void omitted(Mark mark, String path, int count) {
        problems.add(Problem.omitted(mark, path, count));
    }

    /** Takes back a problem recorded earlier (one that a later, better message replaces). */
    public void withdraw(Problem problem) {
        problems.remove(problem);
    }

    public boolean hasErrors() {
        return !problems.isEmpty();
    }

    public int count() {
        return problems.size();
    }

    /**
     * The problems sorted by source, line and column (stable for equal positions); files before
     * {@code --set} arguments; a file's "more not shown" after its listed problems.
     */
    public List<Problem> problems() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing((Problem p) -> p.mark().source().startsWith("--"))
                .thenComparing(p -> p.mark().source())
                .thenComparing(p -> p.omitted() > 0)
                .thenComparingInt(p -> p.mark().line())
                .thenComparingInt(p -> p.mark().column()));
        return List.copyOf(sorted);
    }

    /** Throws a {@link ConfigException} with every problem, if there are any. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new ConfigException(problems());
        }
    }
}
