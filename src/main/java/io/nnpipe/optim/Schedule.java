package io.nnpipe.optim;

/** A learning-rate schedule: the rate for each epoch, from the base rate. */
public interface Schedule {

    /** The rate of a constant schedule. */
    Schedule CONSTANT = (base, epoch, epochs) -> base;

    /**
     * The learning rate used throughout epoch {@code epoch} (1-based) of {@code epochs}, given the
     * configured base rate.
     */
    double rate(double base, int epoch, int epochs);
}
