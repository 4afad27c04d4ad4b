package io.nnpipe.output;

/**
 * A run folder cannot be used as asked: a resume is refused (no checkpoint, a changed config, logs
 * that do not match the checkpoint), or a folder to compare is missing. The message says what and
 * why, for the user; the command line exits with code 2 (bad input).
 */
public final class RunFolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunFolderException(String message) {
        super(message);
    }
}
