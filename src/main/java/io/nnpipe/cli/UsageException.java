package io.nnpipe.cli;

/** The command line itself is wrong (unknown option, missing argument); exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
