package io.nnpipe.kernel;

/**
 * Dense matrix products on flat row-major {@code double[]} arrays with offsets: C += A·B,
 * C += Aᵀ·B and C += A·Bᵀ.
 *
 * <p>Summation order (the determinism contract): every element c of C is updated by adding its
 * terms one at a time, in increasing order of the inner index, starting from c's current value:
 * c = (((c + t_0) + t_1) + ...). No sum is split into partial sums, so the result does not depend
 * on how a faster implementation blocks or vectorises across independent outputs. C must not
 * overlap A or B. All arguments but C are not modified.
 */
public final class Gemm {
    private Gemm() {
    }

    /**
     * C[m×n] += A[m×k] · B[k×n].
     *
     * @param a read at {@code a[aOff + i*k + p]}
     * @param b read at {@code b[bOff + p*n + j]}
     * @param c modified at {@code c[cOff + i*n + j]}
     */
    public static void mulAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            int ai = aOff + i * k;
            for (int p = 0; p < k; p++) {
                double av = a[ai + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    /**
     * C[m×n] += Aᵀ · B, where A is stored as [k×m].
     *
     * @param a read at {@code a[aOff + p*m + i]}
     * @param b read at {@code b[bOff + p*n + j]}
     * @param c modified at {@code c[cOff + i*n + j]}
     */
    public static void mulAddTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        for (int p = 0; p < k; p++) {
            int ap = aOff + p * m;
            int bp = bOff + p * n;
            for (int i = 0; i < m; i++) {
                double av = a[ap + i];
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    /**
     * C[m×n] += A · Bᵀ, where B is stored as [n×k].
     *
     * @param a read at {@code a[aOff + i*k + p]}
     * @param b read at {@code b[bOff + j*k + p]}
     * @param c modified at {@code c[cOff + i*n + j]}
     */
    public static void mulAddTransB(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * k;
                double s = c[cOff + i * n + j];
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[cOff + i * n + j] = s;
            }
        }
    }
}
