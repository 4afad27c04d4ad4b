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

    /** Records that {@code count} further problems of a folder's files are not listed ({@link Problem#omittedInFolder}). */
    public void omittedInFolder(Mark mark, String path, int count) {
        problems.add(Problem.omittedInFolder(mark, path, count));
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
     * {@code --set} arguments; a file's "more not shown" after its listed problems, and a folder's
     * after those of the files in it (QA's tenth pass: it came first, its path sorting before theirs).
     */
    public List<Problem> problems() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing((Problem p) -> p.mark().source().startsWith("--"))
                .thenComparing(Diagnostics::sortSource)
                .thenComparing(p -> p.omitted() > 0)
                .thenComparingInt(p -> p.mark().line())
                .thenComparingInt(p -> p.mark().column()));
        return List.copyOf(sorted);
    }

    /**
     * The source a problem sorts by: a count of omitted problems sorts after every source that
     * begins with its own (a folder's files, whatever the separator); a total order, so sorting is
     * safe. Its only cost: a file's count may follow a sibling's problems whose name extends its name.
     */
    private static String sortSource(Problem p) {
        return p.omitted() > 0 ? p.mark().source() + '\uffff' : p.mark().source();
    }

    /** Throws a {@link ConfigException} with every problem, if there are any. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new ConfigException(problems());
        }
    }
}
