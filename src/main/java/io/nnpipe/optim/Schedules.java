package io.nnpipe.optim;

import io.nnpipe.config.Params;
import io.nnpipe.plugin.Registrar;

/**
 * Built-in schedules, stepped per epoch as PyTorch's schedulers are (e = epoch - 1):
 * {@code constant}; {@code step}: base·γ^⌊e/step_size⌋; {@code exponential}: base·γ^e;
 * {@code cosine}: min + (base - min)(1 + cos(π e / T))/2 with T = {@code period} (default: all
 * epochs). Powers and cosines use StrictMath.
 */
public final class Schedules {
    private Schedules() {
    }

    /** Registers every built-in schedule. */
    public static void registerAll(Registrar r) {
        r.schedule("constant", p -> Schedule.CONSTANT);
        r.schedule("step", Schedules::step);
        r.schedule("exponential", Schedules::exponential);
        r.schedule("cosine", Schedules::cosine);
    }

    private static Schedule step(Params p) {
        int size = p.integer("step_size", 1, Integer.MAX_VALUE);
        double gamma = p.number("gamma", 0.1, 0.0, 1e6);
        return (base, epoch, epochs) -> base * StrictMath.pow(gamma, (epoch - 1) / size);
    }

    private static Schedule exponential(Params p) {
        double gamma = p.number("gamma", 0.0, 1e6);
        return (base, epoch, epochs) -> base * StrictMath.pow(gamma, epoch - 1);
    }

    private static Schedule cosine(Params p) {
        int period = p.integer("period", 0, 0, Integer.MAX_VALUE);
        double min = p.number("min_rate", 0.0, 0.0, 1e6);
        return (base, epoch, epochs) -> {
            int t = period > 0 ? period : epochs;
            return min + (base - min) * (1 + StrictMath.cos(Math.PI * (epoch - 1) / t)) / 2;
        };
    }
}
