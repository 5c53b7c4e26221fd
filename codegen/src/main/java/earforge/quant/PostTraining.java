package earforge.quant;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import earforge.ir.Graph;
import earforge.ir.Quant;
import earforge.kernels.QuantMath;
import earforge.kernels.Values;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.tflite.TfliteReader;
import earforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The whole post-training quantization: prepare the float graph, calibrate, quantize, serialize, and prove the
 * .tflite: read back by earforge's reader and run in the TensorFlow Lite interpreter (reference kernels) against the
 * Java int8 simulator on real windows; any differing byte is an error.
 */
public final class PostTraining {
    private PostTraining() {}

    /** TFLite-vs-simulator check: windows run, output bytes compared and differing; float-vs-int8 top-1 agreement. */
    public record Check(int windows, long comparedBytes, long differingBytes, int top1Agree) {}

    public record Outcome(Graph int8, byte[] tflite, Quantizer.Result result, Check check) {}

    public static final int CHECK_WINDOWS = 16;

    /** @param inputFromFrontend take the model input's quantization from the front end's int8 mapping */
    public static Outcome run(Graph loaded, FrontendConfig cfg, boolean inputFromFrontend, CalibrationData data,
                              Quantizer.Settings s, IntConsumer progress) {
        Graph f = FloatPrep.prepare(loaded);
        TensorStats[] stats = Calibrator.run(f, data.floats(), s.estimator().needsHistogram(), progress);
        Quant inQ = null;
        if (inputFromFrontend) {
            if (cfg == null) throw new EarforgeException("quantize: the input quantization from the front end needs a front end");
            inQ = Quant.perTensor((float) cfg.inputScale(), cfg.inputZeroPoint());
        }
        Quantizer.Result r = Quantizer.quantize(f, stats, s, inQ);
        byte[] bytes = TfliteWriter.toBytes(r.graph());
        Graph back = TfliteReader.read(bytes, "quantized model");
        Check c = check(f, back, bytes, data);
        if (c.differingBytes() != 0) {
            throw EarforgeException.of("quantize: internal error: TFLite and the simulator differ in %d of %d output bytes on the "
                + "quantized model", c.differingBytes(), c.comparedBytes());
        }
        return new Outcome(back, bytes, r, c);
    }

    static Check check(Graph floatGraph, Graph q, byte[] bytes, CalibrationData data) {
        int n = Math.min(CHECK_WINDOWS, data.floats().size());
        Quant inQ = q.input(0).quant;
        Simulator sim = new Simulator(q), fsim = new Simulator(floatGraph);
        long compared = 0, differ = 0;
        int agree = 0;
        try (TfliteOracle oracle = new TfliteOracle(bytes)) {
            for (int i = 0; i < n; i++) {
                int k = (int) ((long) i * data.floats().size() / n);
                float[] x = data.floats().get(k);
                byte[] in = data.int8().get(k) != null ? data.int8().get(k) : quantize(x, inQ);
                byte[] want = Values.encode(oracle.run((Object) in)[0]);
                Object got = sim.run((Object) in)[0];
                byte[] gotBytes = Values.encode(got);
                compared += want.length;
                for (int j = 0; j < want.length; j++) if (want[j] != gotBytes[j]) differ++;
                float[] fo = (float[]) fsim.run((Object) x)[0];
                if (argmax(fo) == argmax((byte[]) got)) agree++;
            }
        }
        return new Check(n, compared, differ, agree);
    }

    /** round(x / scale) + zp, clamped to int8 (the int8 input of a float window). */
    public static byte[] quantize(float[] x, Quant q) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            int v = (int) QuantMath.roundHalfAway(x[i] / q.scale()) + q.zp();
            out[i] = (byte) Math.max(-128, Math.min(127, v));
        }
        return out;
    }

    private static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }

    private static int argmax(byte[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }

    /** Activation table lines for the CLI. */
    public static List<String> describe(Quantizer.Result r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(java.util.Locale.ROOT, "  %-36s %22s %22s %11s %5s  %s", "tensor", "observed range", "quantized range",
            "scale", "zp", "from"));
        for (Quantizer.TensorQuant a : r.activations()) {
            out.add(String.format(java.util.Locale.ROOT, "  %-36s %22s %22s %11.5g %5d  %s", shorten(a.name(), 36),
                range(a.min(), a.max()), range(a.scale() * (-128 - a.zeroPoint()), a.scale() * (127 - a.zeroPoint())), a.scale(),
                a.zeroPoint(), a.source()));
        }
        return out;
    }

    private static String range(double lo, double hi) { return String.format(java.util.Locale.ROOT, "[%.4g, %.4g]", lo, hi); }

    private static String shorten(String s, int n) { return s.length() <= n ? s : "\u2026" + s.substring(s.length() - n + 1); }
}
