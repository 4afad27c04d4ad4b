package io.nnpipe.kernel;

/**
 * The original loops of {@link Gemm} (as first written, verbatim), kept as the reference every faster
 * variant must match bit for bit: each c gets its terms one at a time in increasing inner index.
 */
final class ReferenceGemm {
    private ReferenceGemm() {
    }

    static void mulAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
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

    static void mulAddTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
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

    static void mulAddTransB(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
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
