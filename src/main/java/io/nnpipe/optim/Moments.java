package io.nnpipe.optim;

import io.nnpipe.tensor.Parameter;
import java.util.List;

/** Reading optimizer state for {@link Optimizer#gradientBlind}. */
final class Moments {
    private Moments() {
    }

    /** How many elements of the running average of squares {@code squares[k]} of {@code p} (the k-th parameter) are infinite. */
    static int infinite(List<Parameter> params, double[][] squares, Parameter p) {
        int k = params.indexOf(p);
        if (k < 0) {
            return 0;
        }
        int n = 0;
        for (double a : squares[k]) {
            n += a == Double.POSITIVE_INFINITY ? 1 : 0;
        }
        return n;
    }
}
