package earforge.dsp;

/**
 * Fixed-point windowed real FFT of N = 2^(L+1) points (16 <= N <= 8192) with fixed scaling (no data-dependent shifts
 * inside): a complex FFT of M = N/2 = 2^L points on z[m] = x[2m] + i x[2m+1], decimation in time, a fused first
 * stage of radix G (G = 8 when L is odd, else 4) followed by radix-4 stages, then the split step and the power. All
 * arithmetic is C99 int32_t/int64_t; {@code >>} is an arithmetic shift (floor); {@code hi(a, b)} =
 * (int) (((long) a * b) >> 32) (one SMMUL on Cortex-M4/M7).
 * <ol>
 * <li>Frame shift: s = S0 - bl, bl = bitlen(OR over the frame of (pcm ^ (pcm >> 15))) (0..15), S0 = 16 (G = 4) or
 *     15 (G = 8): the OR has the bit length of max |pcm| (-2^k counts as k bits), so |pcm| <= 2^bl, and one shift per
 *     frame puts the frame peak near full scale whatever the level ({@link #frameShift}).</li>
 * <li>Window and the first stage: x[n] = mulw(window[n], pcm[n]) << s with mulw(w, p) = (w p) >> 16 (SMULWB/SMULWT;
 *     window Q28, zero outside the frame): |mulw| <= 2^(12 + bl), so |x| <= 2^(S0 + 12) (2^27 for G = 8, exact
 *     int32). The first stage computes per group h (h < M/G) the DFT_G of y_k = z[b + k M/G], b =
 *     bitrev(G h), into z'[G h ..], exactly but for the v / sqrt2 below. With D4(u0..u3) = ((u0 + u2) + (u1 + u3),
 *     (u0 - u2) - i (u1 - u3), (u0 + u2) - (u1 + u3), (u0 - u2) + i (u1 - u3)) (int32 sums): G = 4: D4(y0..y3);
 *     G = 8: E = D4(y0, y2, y4, y6), O = D4(y1, y3, y5, y7), z'[q] = E[q] + T[q], z'[q + 4] = E[q] - T[q] with
 *     T0 = O0, T1 = (r(o1r + o1i), r(o1i - o1r)), T2 = (o2i, -o2r), T3 = (r(o3i - o3r), r(-(o3r + o3i))), where
 *     r(v) = 2 hi(v, C), C = round(2^31 / sqrt2): v / sqrt2 within 2 (one SMMUL, the factor 2 folds into the add).
 *     Either way |z'| <= G * sqrt2 * 2^(S0 + 12) = 2^30.5. Computed in two passes: the window and every D4 (inputs
 *     at samples {@link FrontendTables#fftStart}[g] + k N/4, k = 0..3, window from {@link FrontendTables#fftWindow}
 *     [8g ..], output z[8g ..]; for G = 8, E and O of group h are D4 groups 2h and 2h + 1), then for G = 8 the
 *     E +/- T combination in place.</li>
 * <li>Radix-4 stages of block length L' = 4G, 16G, ... <= M: for j < L'/4, A, B, C, D = z[base + j + q L'/4],
 *     Q30 twiddles (W^j, W^3j, W^2j) of W = exp(-2 pi i / L') ({@link FrontendTables#fftTw}, 6 ints per j):
 *     B' = B W^2j with re = hi(br, wr) + hin(bi, wi), im = hi(br, wi) + hi(bi, wr) (hin(a, b) = floor(-a b / 2^32):
 *     SMMUL then SMMLS or SMMLA; each product is /4), likewise C' = C W^j, D' = D W^3j; A' = A >> 2 per component;
 *     outputs (A' + B') + (C' + D'),
 *     (A' - B') - i (C' - D'), (A' + B') - (C' + D'), (A' - B') + i (C' - D') at j + q L'/4.</li>
 * <li>Split with Q31 twiddles W_N^k ({@link FrontendTables#splitTw}): E = Z[k] + conj Z[M-k], O = Z[k] - conj Z[M-k]
 *     (int32), T = -i W O halved: tr = hi(wr, oi) + hi(wi, or), ti = hi(wi, oi) + hin(wr, or);
 *     X[k] = ((er >> 1) + tr, (ei >> 1) + ti), X[M-k] = ((er >> 1) - tr, ti - (ei >> 1)) for 0 < k < M/2;
 *     X[0] = zr0 + zi0, X[M] = zr0 - zi0, X[M/2] = conj Z[M/2]. Power P[k] = Xr^2 + Xi^2 exact in int64.</li>
 * </ol>
 * Scale: X = DFT(pcm/2^15 * hann) * 2^(s + 27 - R), R = {@link #shift} = 2 * (number of radix-4 stages). Bounds: a
 * radix-4 stage maps complex values of modulus <= r to <= r (plus a few LSB of rounding), so every int32 component
 * and partial sum stays below 2^31 (|z| <= 2^30.5); the split gives |X| <= sum |x| / 2^R <= (N/2) 2^(S0+12) / 2^R
 * = 2^30 (the Hann window sums to frameLength/2), |E|, |O| <= 2^30 as well, so P < 2^61 and the int64 products stay
 * below 2^62.
 */
public final class FixedFft {
    private final int n, m;
    private final FrontendTables t;
    /** Interleaved complex work array: z[2i] real, z[2i+1] imaginary. */
    private final int[] z;
    private final int[] y = new int[8];

    public FixedFft(FrontendTables t) {
        this.t = t;
        n = t.nFft;
        m = n / 2;
        z = new int[2 * m];
    }

    /** R: X = DFT * 2^(s + 27 - R) (see the class comment). */
    public static int shift(int nFft) {
        int log2M = Integer.numberOfTrailingZeros(nFft / 2);
        return log2M - ((log2M & 1) == 1 ? 3 : 2);
    }

    /** G, the radix of the fused first stage: 8 when log2(N/2) is odd, else 4. */
    public static int firstRadix(int nFft) { return (Integer.numberOfTrailingZeros(nFft / 2) & 1) == 1 ? 8 : 4; }

    /** C = round(2^31 / sqrt2), Q31. */
    public static final int SQRT_HALF_Q31 = 1518500250;

    static int hi(int a, int b) { return (int) (((long) a * b) >> 32); }

    /** (w p) >> 16 for an int16 p: SMULWB / SMULWT. */
    static int mulw(int w, int p) { return (int) (((long) w * p) >> 16); }

    /** floor(-a b / 2^32): what SMMLS subtracts (a product of int32 values negates exactly in int64). */
    static int hin(int a, int b) { return (int) ((-((long) a * b)) >> 32); }

    /** s = S0 - bitlen(OR of pcm[n] ^ (pcm[n] >> 15) over the frameLength samples at windowOffset). */
    public int frameShift(short[] pcm, int off) {
        int or = 0;
        for (int i = 0; i < t.frameLength; i++) {
            int v = pcm[off + t.windowOffset + i];
            or |= v ^ (v >> 15);
        }
        return (firstRadix(n) == 8 ? 15 : 16) - FixedMath.bitlen(or);
    }

    /** pcm[off .. off + N) with frame shift s -> p[0 .. N/2] (power, int64). */
    public void power(short[] pcm, int off, int s, long[] p) {
        windowAndD4(pcm, off, s);
        if (firstRadix(n) == 8) radix8Combine();
        for (int len = 4 * firstRadix(n), tw = 0; len <= m; len <<= 2) tw = radix4(len, tw);
        split(p);
    }

    /** Window and D4 of every group of four: group g reads the samples start[g] + k M/2 (k = 0..3, re and im). */
    private void windowAndD4(short[] pcm, int off, int sh) {
        int q = m / 4, d = m / 2;
        for (int g = 0; g < q; g++) {
            int s0 = off + t.fftStart[g];
            for (int k = 0; k < 4; k++) {
                int s = s0 + k * d;
                y[2 * k] = mulw(t.fftWindow[8 * g + 2 * k], pcm[s]) << sh;
                y[2 * k + 1] = mulw(t.fftWindow[8 * g + 2 * k + 1], pcm[s + 1]) << sh;
            }
            int s02r = y[0] + y[4], s02i = y[1] + y[5], d02r = y[0] - y[4], d02i = y[1] - y[5];
            int s13r = y[2] + y[6], s13i = y[3] + y[7], d13r = y[2] - y[6], d13i = y[3] - y[7];
            int o = 8 * g;
            z[o] = s02r + s13r;     z[o + 1] = s02i + s13i;
            z[o + 2] = d02r + d13i; z[o + 3] = d02i - d13r;    // (u0 - u2) - i (u1 - u3)
            z[o + 4] = s02r - s13r; z[o + 5] = s02i - s13i;
            z[o + 6] = d02r - d13i; z[o + 7] = d02i + d13r;    // (u0 - u2) + i (u1 - u3)
        }
    }

    /** G = 8: z[16h ..] = E, z[16h + 8 ..] = O (D4 of the even and odd inputs) -> E + T, E - T. */
    private void radix8Combine() {
        for (int at = 0; at < 2 * m; at += 16) {
            int o0r = z[at + 8], o0i = z[at + 9], o1r = z[at + 10], o1i = z[at + 11];
            int o2r = z[at + 12], o2i = z[at + 13], o3r = z[at + 14], o3i = z[at + 15];
            int[] tr = {o0r, r8(o1r + o1i), o2i, r8(o3i - o3r)};
            int[] ti = {o0i, r8(o1i - o1r), -o2r, r8(-(o3r + o3i))};
            for (int k = 0; k < 4; k++) {
                int er = z[at + 2 * k], ei = z[at + 2 * k + 1];
                z[at + 2 * k] = er + tr[k];      z[at + 2 * k + 1] = ei + ti[k];
                z[at + 2 * k + 8] = er - tr[k];  z[at + 2 * k + 9] = ei - ti[k];
            }
        }
    }

    /** v / sqrt2 within 2: 2 hi(v, C). */
    static int r8(int v) { return 2 * hi(v, SQRT_HALF_Q31); }

    /** One radix-4 stage of block length len reading twiddles from fftTw[tw ..]; returns the next table offset. */
    private int radix4(int len, int tw) {
        int q = len / 4;
        int[] w = t.fftTw;
        for (int base = 0; base < m; base += len) {
            for (int j = 0, k = tw; j < q; j++, k += 6) {
                int a = 2 * (base + j), b = a + 2 * q, c = b + 2 * q, d = c + 2 * q;
                int ar = z[a] >> 2, ai = z[a + 1] >> 2;
                int br = z[b], bi = z[b + 1], cr = z[c], ci = z[c + 1], dr = z[d], di = z[d + 1];
                int tcr = hi(cr, w[k]) + hin(ci, w[k + 1]), tci = hi(cr, w[k + 1]) + hi(ci, w[k]);
                int tdr = hi(dr, w[k + 2]) + hin(di, w[k + 3]), tdi = hi(dr, w[k + 3]) + hi(di, w[k + 2]);
                int tbr = hi(br, w[k + 4]) + hin(bi, w[k + 5]), tbi = hi(br, w[k + 5]) + hi(bi, w[k + 4]);
                int sabr = ar + tbr, sabi = ai + tbi, dabr = ar - tbr, dabi = ai - tbi;
                int scdr = tcr + tdr, scdi = tci + tdi, dcdr = tcr - tdr, dcdi = tci - tdi;
                z[a] = sabr + scdr;     z[a + 1] = sabi + scdi;
                z[b] = dabr + dcdi;     z[b + 1] = dabi - dcdr;
                z[c] = sabr - scdr;     z[c + 1] = sabi - scdi;
                z[d] = dabr - dcdi;     z[d + 1] = dabi + dcdr;
            }
        }
        return tw + 6 * q;
    }

    private void split(long[] p) {
        p[0] = sq(z[0] + z[1], 0);
        p[m] = sq(z[0] - z[1], 0);
        p[m / 2] = sq(z[m], z[m + 1]);
        int[] w = t.splitTw;
        for (int k = 1; k < m / 2; k++) {
            int a = 2 * k, b = 2 * (m - k);
            int er = z[a] + z[b], ei = z[a + 1] - z[b + 1];
            int or = z[a] - z[b], oi = z[a + 1] + z[b + 1];
            int wr = w[a], wi = w[a + 1];
            int tr = hi(wr, oi) + hi(wi, or), ti = hi(wi, oi) + hin(wr, or);
            int hr = er >> 1, hi = ei >> 1;
            p[k] = sq(hr + tr, hi + ti);
            p[m - k] = sq(hr - tr, ti - hi);
        }
    }

    private static long sq(int re, int im) { return (long) re * re + (long) im * im; }
}
