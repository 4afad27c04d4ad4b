package io.nnpipe.output;

/**
 * The digits {@link Num#format} writes, found with exact 128-bit integer arithmetic instead of
 * {@link java.math.BigDecimal}: about 20 times less work per number, which matters in a short run
 * (a snapshot after each of 100 epochs is thousands of numbers, mostly written before the JIT has
 * compiled anything; docs/performance.md). Same definition as Num's: the fewest significant
 * digits p such that v rounded half-even to p digits reads back as v, and those digits.
 *
 * <p>A positive double v = m·2<sup>e</sup> times 10<sup>s</sup> is m·5<sup>s</sup>·2<sup>e+s</sup>:
 * for 0 ≤ s ≤ 27 the product m·5<sup>s</sup> fits in 128 bits, so the p-digit decimal nearest v
 * (s = p − 1 − ⌊log₁₀ v⌋) is a shift of it, rounded half-even by its remainder. That decimal
 * reads back as v exactly when its distance to v is less than half of v's unit in the last place
 * (or equal, when m is even: parsing rounds ties to even), which in the same units is
 * 2·distance &lt; 5<sup>s</sup>. This covers normal, non-power-of-two values from about 1e-11 to
 * 1e15, nearly every number a training run writes; for the rest {@link #of} answers null and
 * Num uses its exact BigDecimal search (a power of two's rounding interval is narrower below it,
 * which this symmetric test does not model).
 *
 * @param digits the significant digits without trailing zeros, e.g. 15 for 0.0015
 * @param exponent the decimal exponent of the first digit, e.g. -3 for 0.0015
 */
record ShortestDigits(long digits, int exponent) {
    private static final long FRACTION = 0x000F_FFFF_FFFF_FFFFL;
    private static final long HIDDEN = 1L << 52;
    private static final long TEN16 = 10_000_000_000_000_000L;
    private static final long TEN17 = 100_000_000_000_000_000L;
    private static final int MAX_SCALE = 27;
    private static final long[] POW5 = new long[MAX_SCALE + 1];
    /** Results of {@link #nearest} other than a significand. */
    private static final long DOES_NOT_READ_BACK = -1;
    private static final long NOT_EXACT_HERE = -2;

    static {
        POW5[0] = 1;
        for (int i = 1; i <= MAX_SCALE; i++) {
            POW5[i] = POW5[i - 1] * 5;
        }
    }

    /** The shortest digits of {@code a} (positive, finite, not an integer below 1e15), or null if not computed here. */
    static ShortestDigits of(double a) {
        long bits = Double.doubleToRawLongBits(a);
        int biased = (int) (bits >>> 52);
        long fraction = bits & FRACTION;
        if (biased == 0 || biased >= 0x7FF || fraction == 0) {
            return null; // subnormal, negative, not finite, or a power of two
        }
        long m = fraction | HIDDEN;
        int e = biased - 1075;
        // ⌊log10 a⌋, estimated in floating point and then made exact: a·10^(16-E) has 17 digits
        int decimal = (int) Math.floor(Math.log10(a));
        long f = floor(m, e, 16 - decimal);
        if (f >= 0 && f < TEN16) {
            decimal--;
            f = floor(m, e, 16 - decimal);
        } else if (f >= TEN17) {
            decimal++;
            f = floor(m, e, 16 - decimal);
        }
        if (f < TEN16 || f >= TEN17) {
            return null;
        }
        boolean closed = (m & 1) == 0;
        boolean integral = e >= 0;
        long best = 0;
        int bestPrecision = 0;
        for (int p = 17; p >= 1; p--) {
            int s = p - 1 - decimal;
            // below 2^52 a non-integer is more than half a unit from every integer, so p digits
            // that would only reach an integer never read back
            long n = s < 0 && !integral && a < HIDDEN ? DOES_NOT_READ_BACK : nearest(m, e, s, closed);
            if (n == NOT_EXACT_HERE) {
                return null;
            }
            if (n == DOES_NOT_READ_BACK) {
                break;
            }
            best = n;
            bestPrecision = p;
        }
        if (bestPrecision == 0) {
            return null;
        }
        int exponent = best >= pow10(bestPrecision) ? decimal + 1 : decimal; // 9.99… rounded up to 10
        while (best % 10 == 0) {
            best /= 10;
        }
        return new ShortestDigits(best, exponent);
    }

    private static long pow10(int p) {
        long t = 1;
        for (int i = 0; i < p; i++) {
            t *= 10;
        }
        return t;
    }

    /** ⌊m·2^e·10^s⌋, or -1 when it is not computed here. */
    private static long floor(long m, int e, int s) {
        int k = -(e + s);
        if (s < 0 || s > MAX_SCALE || k < 0 || k > 126) {
            return -1;
        }
        long hi = Math.multiplyHigh(m, POW5[s]);
        long lo = m * POW5[s];
        if (k >= 64) {
            return hi >>> (k - 64);
        }
        if (k == 0) {
            return hi == 0 && lo >= 0 ? lo : -1;
        }
        return (hi >>> k) != 0 ? -1 : (hi << (64 - k)) | (lo >>> k);
    }

    /**
     * The significand N of the decimal N·10^-s nearest m·2^e (ties to even N), if that decimal
     * reads back as m·2^e; else {@link #DOES_NOT_READ_BACK}, or {@link #NOT_EXACT_HERE} when s
     * or the shift is outside what 128 bits hold.
     */
    private static long nearest(long m, int e, int s, boolean closed) {
        int k = -(e + s);
        if (s < 0 || s > MAX_SCALE || k < 0 || k > 126) {
            return NOT_EXACT_HERE;
        }
        long p5 = POW5[s];
        long hi = Math.multiplyHigh(m, p5);
        long lo = m * p5;
        if (k == 0) {
            return hi == 0 && lo >= 0 ? lo : NOT_EXACT_HERE; // an exact integer: it is v itself
        }
        long n;
        long remHi;
        long remLo;
        if (k >= 64) {
            n = hi >>> (k - 64);
            remHi = hi & ((1L << (k - 64)) - 1);
            remLo = lo;
        } else {
            if ((hi >>> k) != 0) {
                return NOT_EXACT_HERE;
            }
            n = (hi << (64 - k)) | (lo >>> k);
            remHi = 0;
            remLo = lo & ((1L << k) - 1);
        }
        // the remainder against half a unit of N, 2^(k-1)
        long halfHi = k - 1 >= 64 ? 1L << (k - 65) : 0;
        long halfLo = k - 1 >= 64 ? 0 : 1L << (k - 1);
        int c = compare(remHi, remLo, halfHi, halfLo);
        long distHi = remHi;
        long distLo = remLo;
        if (c > 0 || c == 0 && (n & 1) == 1) {
            n++;
            // distance = 2^k - remainder
            long unitHi = k >= 64 ? 1L << (k - 64) : 0;
            long unitLo = k >= 64 ? 0 : 1L << k;
            distLo = unitLo - remLo;
            distHi = unitHi - remHi - (Long.compareUnsigned(unitLo, remLo) < 0 ? 1 : 0);
        }
        // reads back iff 2·distance < 5^s (or equal, for an even m)
        if (distHi != 0 || distLo < 0) {
            return DOES_NOT_READ_BACK; // 2·distance ≥ 2^64 > 5^s
        }
        int d = Long.compareUnsigned(distLo << 1, p5);
        return d < 0 || d == 0 && closed ? n : DOES_NOT_READ_BACK;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
