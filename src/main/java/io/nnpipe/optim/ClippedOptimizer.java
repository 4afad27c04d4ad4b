package io.nnpipe.optim;

import io.nnpipe.kernel.Parallel;
import io.nnpipe.tensor.Parameter;
import java.util.List;
import java.util.Map;

/**
 * An optimizer whose every step first clips the gradients ({@link GradientClipping}) in place,
 * then steps the wrapped optimizer with them. Clipping has no state: the saved state is the
 * wrapped optimizer's. The last step's total norm and factor are kept for the trace.
 */
public final class ClippedOptimizer implements Optimizer {
    private final Optimizer inner;
    private final GradientClipping clipping;
    private final List<Parameter> params;
    private double lastNorm = Double.NaN;
    private double lastCoefficient = Double.NaN;

    ClippedOptimizer(Optimizer inner, GradientClipping clipping, List<Parameter> params) {
        this.inner = inner;
        this.clipping = clipping;
        this.params = List.copyOf(params);
    }

    @Override
    public void step(double lr) {
        step(lr, Parallel.SERIAL);
    }

    /** The clip runs on the calling thread (its sum has one fixed order); the wrapped step may use the pool. */
    @Override
    public void step(double lr, Parallel parallel) {
        clip();
        inner.step(lr, parallel);
    }

    private void clip() {
        if (clipping.maxValue() > 0) {
            clipping.clampValues(params);
        }
        if (clipping.maxNorm() > 0) {
            lastNorm = GradientClipping.totalNorm(params);
            lastCoefficient = clipping.coefficient(lastNorm);
            if (lastCoefficient < 1) {
                GradientClipping.scale(params, lastCoefficient);
            }
        }
    }

    /** The clipping applied before each step. */
    public GradientClipping clipping() {
        return clipping;
    }

    /** The total gradient norm T of the last step (after value clipping); NaN before the first or without norm clipping. */
    public double lastNorm() {
        return lastNorm;
    }

    /** The factor min(1, n / (T + 1e-6)) the last step's gradients were multiplied by; NaN as {@link #lastNorm}. */
    public double lastCoefficient() {
        return lastCoefficient;
    }

    /**
     * False: a clamp turns an infinite gradient into a finite one, so the trainer must look at the
     * gradients before the step (it does, before the clip: a non-finite gradient is reported as
     * it came out of backward).
     */
    @Override
    public boolean nonFiniteGradientsReachParameters() {
        return false;
    }

    /** The wrapped optimizer's explanation: clipping makes no value non-finite. */
    @Override
    public String whyNotFinite(Parameter p, int index) {
        return inner.whyNotFinite(p, index);
    }

    /** The wrapped optimizer's: clipping bounds the gradients, not the decay's growth. */
    @Override
    public String decayDiverges(double lr) {
        return inner.decayDiverges(lr);
    }

    @Override
    public int gradientBlind(Parameter p) {
        return inner.gradientBlind(p);
    }

    @Override
    public Map<String, double[]> saveState() {
        return inner.saveState();
    }

    @Override
    public void loadState(Map<String, double[]> state) {
        inner.loadState(state);
    }
}
