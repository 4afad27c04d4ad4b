package io.nnpipe.init;

import io.nnpipe.config.Params;
import io.nnpipe.plugin.Registrar;

/**
 * The built-in initializers. Xavier/Glorot: uniform bound gain·√(6/(fan_in+fan_out)), normal std
 * gain·√(2/(fan_in+fan_out)). He/Kaiming (fan-in mode): uniform bound gain·√(6/fan_in), normal std
 * gain·√(2/fan_in). Gaussian draws use {@link io.nnpipe.tensor.Rng#nextGaussian()}.
 */
public final class Initializers {
    private Initializers() {
    }

    /** Registers every built-in initializer. */
    public static void registerAll(Registrar r) {
        r.initializer("zeros", p -> (v, f, rng) -> java.util.Arrays.fill(v, 0.0));
        r.initializer("ones", p -> (v, f, rng) -> java.util.Arrays.fill(v, 1.0));
        r.initializer("constant", Initializers::constant);
        r.initializer("uniform", Initializers::uniform);
        r.initializer("normal", Initializers::normal);
        r.initializer("xavier_uniform", p -> scaledUniform(p, false));
        r.initializer("xavier_normal", p -> scaledNormal(p, false));
        r.initializer("he_uniform", p -> scaledUniform(p, true));
        r.initializer("he_normal", p -> scaledNormal(p, true));
    }

    private static Initializer constant(Params p) {
        double c = p.number("value", -1e6, 1e6);
        return (v, f, rng) -> java.util.Arrays.fill(v, c);
    }

    private static Initializer uniform(Params p) {
        double low = p.number("low", -0.05, -1e6, 1e6);
        double high = p.number("high", 0.05, -1e6, 1e6);
        if (!(low < high)) {
            p.error("high", "expected 'high' greater than 'low' (" + low + "), found " + high);
        }
        return (v, f, rng) -> {
            for (int i = 0; i < v.length; i++) {
                v[i] = low + (high - low) * rng.nextDouble();
            }
        };
    }

    private static Initializer normal(Params p) {
        double mean = p.number("mean", 0.0, -1e6, 1e6);
        double std = p.number("std", 0.05, 0.0, 1e6);
        return (v, f, rng) -> {
            for (int i = 0; i < v.length; i++) {
                v[i] = mean + std * rng.nextGaussian();
            }
        };
    }

    private static double fan(Fans f, boolean he) {
        return he ? f.in() : (f.in() + f.out()) / 2.0;
    }

    private static Initializer scaledUniform(Params p, boolean he) {
        double gain = p.number("gain", 1.0, 0.0, 1e6);
        return (v, f, rng) -> {
            double bound = gain * StrictMath.sqrt(3.0 / fan(f, he) * (he ? 2.0 : 1.0));
            for (int i = 0; i < v.length; i++) {
                v[i] = bound * (2.0 * rng.nextDouble() - 1.0);
            }
        };
    }

    private static Initializer scaledNormal(Params p, boolean he) {
        double gain = p.number("gain", 1.0, 0.0, 1e6);
        return (v, f, rng) -> {
            double std = gain * StrictMath.sqrt((he ? 2.0 : 1.0) / fan(f, he));
            for (int i = 0; i < v.length; i++) {
                v[i] = std * rng.nextGaussian();
            }
        };
    }
}
