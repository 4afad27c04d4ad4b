package io.nnpipe.config;

import java.util.List;

/**
 * Thrown when a configuration (file, {@code --set} override or data it names) is invalid. Carries
 * every problem found; the command line prints them and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** A single problem at a mark. */
    public ConfigException(Mark mark, String path, String message) {
        this(List.of(new Problem(mark, path, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        StringBuilder b = new StringBuilder();
        for (Problem p : problems) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(p);
        }
        return b.toString();
    }
}
