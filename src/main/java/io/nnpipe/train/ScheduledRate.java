package io.nnpipe.train;

import io.nnpipe.optim.Schedule;
import io.nnpipe.output.Num;

/**
 * The learning rate of an epoch, checked: a schedule's rate must be a finite number, not negative.
 * A plugin schedule that returned a negative rate trained uphill without a word, and one that
 * returned NaN stopped at the first update with "weight ... NaN ... Try a smaller learning rate",
 * blaming the config's rate (QA's seventh pass). A built-in schedule can only overflow (e.g. an
 * exponential γ > 1 over many epochs), which is reported here too, before the epoch's first step.
 */
final class ScheduledRate {
    private ScheduledRate() {
    }

    /** {@code schedule}'s rate for {@code epoch}; a {@link TrainingFault} if it is NaN, infinite or negative. */
    static double of(Schedule schedule, double base, int epoch, int epochs) {
        double lr = schedule.rate(base, epoch, epochs);
        if (!(lr >= 0) || lr == Double.POSITIVE_INFINITY) {
            throw new TrainingFault("the learning-rate schedule gave the rate " + lr + " for epoch " + epoch + " of "
                    + epochs + " (base rate " + Num.format(base) + "); a rate must be a finite number, 0 or more"
                    + (builtIn(schedule) ? ": choose settings that keep it finite"
                            : " (the schedule comes from a plugin: " + schedule.getClass().getName() + ")"));
        }
        return lr;
    }

    /** Whether the schedule's class comes from nnpipe's own jar (or classes folder). */
    private static boolean builtIn(Schedule schedule) {
        java.security.CodeSource own = ScheduledRate.class.getProtectionDomain().getCodeSource();
        java.security.CodeSource its = schedule.getClass().getProtectionDomain().getCodeSource();
        return own != null && its != null && own.getLocation().equals(its.getLocation());
    }
}
