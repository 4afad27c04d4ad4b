package io.nnpipe.config;

/**
 * One error in a configuration: where it is (source position and YAML path) and what is wrong,
 * phrased as what was expected and what was found.
 */
public record Problem(Mark mark, String path, String message) {

    /** {@code file:line:col: path: message}. */
    @Override
    public String toString() {
        return mark + ": " + (path == null ? "" : Node.display(path) + ": ") + message;
    }
}
