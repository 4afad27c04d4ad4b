package io.nnpipe.cli;

/** The process exit codes, as documented in the README. */
public final class Exit {
    /** Success. */
    public static final int OK = 0;
    /** {@code verify}: the outputs differ from the golden run. */
    public static final int DIFFERENT = 1;
    /** Bad input: config, data, arguments, or an output folder that cannot be written. */
    public static final int BAD_INPUT = 2;
    /** Training stopped on a non-finite loss or gradient. */
    public static final int TRAINING_FAULT = 3;
    /** A bug in this tool (please report it, with the output of --debug). */
    public static final int INTERNAL = 70;

    private Exit() {
    }
}
