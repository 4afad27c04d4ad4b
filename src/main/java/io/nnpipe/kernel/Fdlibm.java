/*
 * tanh and expm1 below are a Java transcription of fdlibm 5.3's s_tanh.c and s_expm1.c, which
 * carry this notice:
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
package io.nnpipe.kernel;

/**
 * fdlibm functions in plain Java, giving exactly the bits of {@link StrictMath}, which the Java
 * specification defines as fdlibm 5.3's results. On Java 17 {@code StrictMath.tanh} is a native
 * method, so every call crosses from compiled Java into C and back (~23 ns an element on the
 * build machine); the same algorithm in Java is inlined into the caller's loop
 * (docs/performance.md, "Other shapes"). Java 21 moved these functions to Java itself
 * ({@code java.lang.FdLibm}); this class does the same for Java 17.
 *
 * <p>Every operation is the C source's, in its order, on doubles (Java's arithmetic is strict
 * IEEE 754 double, as fdlibm requires; no fused multiply-add), and the word manipulations
 * ({@code __HI}, {@code __LO}) are done on the raw bits. FdlibmTest compares the results with
 * {@code StrictMath} bit for bit over the whole range, every branch's edges and the special values.
 */
public final class Fdlibm {
    private Fdlibm() {
    }

    private static final double TINY = 1.0e-300;
    private static final double HUGE = 1.0e+300;
    private static final double O_THRESHOLD = 7.09782712893383973096e+02; // 0x40862E42 FEFA39EF
    private static final double LN2_HI = 6.93147180369123816490e-01; // 0x3fe62e42 fee00000
    private static final double LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
    private static final double INVLN2 = 1.44269504088896338700e+00; // 0x3ff71547 652b82fe
    // scaled coefficients related to expm1
    private static final double Q1 = -3.33333333333331316428e-02; // BFA11111 111110F4
    private static final double Q2 = 1.58730158725481460165e-03; // 3F5A01A0 19FE5585
    private static final double Q3 = -7.93650757867487942473e-05; // BF14CE19 9EAADBB7
    private static final double Q4 = 4.00821782732936239552e-06; // 3ED0CFCA 86E65239
    private static final double Q5 = -2.01099218183624371326e-07; // BE8AFDB7 6E09C32D

    private static int hi(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    private static int lo(double x) {
        return (int) Double.doubleToRawLongBits(x);
    }

    /** x with its high word replaced by {@code high} (the low word kept). */
    private static double withHi(double x, int high) {
        return Double.longBitsToDouble(((long) high << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
    }

    /**
     * The hyperbolic tangent, the same bits as {@link StrictMath#tanh}. fdlibm's method: with
     * t = expm1(2|x|) or expm1(-2|x|), tanh |x| = |x|·(1 + |x|) below 2^-55, -t/(t + 2) below 1,
     * 1 - 2/(t + 2) below 22, and 1 - tiny (rounds to 1) beyond; the sign restored at the end.
     */
    public static double tanh(double x) {
        int jx = hi(x);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x7ff00000) { // infinity or NaN
            return jx >= 0 ? 1.0 / x + 1.0 : 1.0 / x - 1.0;
        }
        double z;
        if (ix < 0x40360000) { // |x| < 22
            if (ix < 0x3c800000) { // |x| < 2^-55
                return x * (1.0 + x);
            }
            if (ix >= 0x3ff00000) { // |x| >= 1
                double t = expm1(2.0 * Math.abs(x));
                z = 1.0 - 2.0 / (t + 2.0);
            } else {
                double t = expm1(-2.0 * Math.abs(x));
                z = -t / (t + 2.0);
            }
        } else {
            z = 1.0 - TINY;
        }
        return jx >= 0 ? z : -z;
    }

    /** e^x - 1, the same bits as {@link StrictMath#expm1} (fdlibm's s_expm1.c). */
    static double expm1(double x) {
        int hx = hi(x);
        int xsb = hx & 0x80000000; // sign bit of x
        hx &= 0x7fffffff; // high word of |x|
        // huge and non-finite arguments
        if (hx >= 0x4043687A) { // |x| >= 56·ln2
            if (hx >= 0x40862E42) { // |x| >= 709.78...
                if (hx >= 0x7ff00000) {
                    if (((hx & 0xfffff) | lo(x)) != 0) {
                        return x + x; // NaN
                    }
                    return xsb == 0 ? x : -1.0; // exp(±inf) - 1 = {inf, -1}
                }
                if (x > O_THRESHOLD) {
                    return HUGE * HUGE; // overflow
                }
            }
            if (xsb != 0 && x + TINY < 0.0) { // x < -56·ln2: -1 (inexact)
                return TINY - 1.0;
            }
        }
        // argument reduction: x = hi - lo + k·ln2, c the rounding error of hi - lo
        double hi;
        double lo;
        double c = 0;
        int k;
        if (hx > 0x3fd62e42) { // |x| > 0.5·ln2
            if (hx < 0x3FF0A2B2) { // and |x| < 1.5·ln2
                if (xsb == 0) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                k = (int) (INVLN2 * x + (xsb == 0 ? 0.5 : -0.5)); // truncated toward zero, as C's conversion
                double t = k;
                hi = x - t * LN2_HI; // exact
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x3c900000) { // |x| < 2^-54: x (inexact unless 0)
            double t = HUGE + x;
            return x - (t - (HUGE + x));
        } else {
            k = 0;
        }
        // x is now in the primary range
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        double t = 3.0 - r1 * hfx;
        double e = hxs * ((r1 - t) / (6.0 - x * t));
        if (k == 0) {
            return x - (x * e - hxs); // c is 0
        }
        return scaled(x, k, (x * (e - c) - c) - hxs);
    }

    /** expm1's last step: e^x - 1 from the reduced x, its exponent k and the correction e. */
    private static double scaled(double x, int k, double e) {
        if (k == -1) {
            return 0.5 * (x - e) - 0.5;
        }
        if (k == 1) {
            return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
        }
        if (k <= -2 || k > 56) { // exp(x) - 1 is enough
            double y = 1.0 - (e - x);
            y = withHi(y, hi(y) + (k << 20)); // add k to y's exponent
            return y - 1.0;
        }
        double y;
        if (k < 20) {
            double t = withHi(1.0, 0x3ff00000 - (0x200000 >> k)); // 1 - 2^-k
            y = t - (e - x);
        } else {
            double t = withHi(1.0, (0x3ff - k) << 20); // 2^-k
            y = x - (e + t);
            y += 1.0;
        }
        return withHi(y, hi(y) + (k << 20)); // add k to y's exponent
    }
}
