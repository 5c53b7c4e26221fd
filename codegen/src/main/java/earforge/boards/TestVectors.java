package earforge.boards;

import earforge.EarforgeException;
import earforge.dsp.FixedFrontend;
import earforge.dsp.FrontendConfig;
import earforge.dsp.Streaming;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Self-test data a generated firmware carries: inputs (tensors, or a PCM clip streamed through the front end) and
 * the outputs the Java simulator computes for them, which the firmware compares byte for byte.
 *
 * @param inputs   concatenated model inputs (EARFORGE_MODEL_INPUT_BYTES each; the front end's windows for a clip)
 * @param expected concatenated simulator outputs, one record per input
 */
public record TestVectors(String description, int count, byte[] inputs, short[] pcm, byte[] expected) {

    /** {@code n} random full-range int8 inputs (seeded, so generation is deterministic). */
    public static TestVectors random(Graph g, int n, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < g.inputs.length; i++) {
                byte[] b = new byte[g.input(i).bytes()];
                r.nextBytes(b);
                in.writeBytes(b);
            }
        }
        byte[] inputs = in.toByteArray();
        return new TestVectors(n + " random int8 input tensors (seed " + seed + ")", n, inputs, null, expected(g, inputs, n));
    }

    /** The clip streamed through the fixed-point front end (as the firmware does), then the simulator per window. */
    public static TestVectors audio(Graph g, FrontendConfig c, boolean transpose, short[] pcm, String description) {
        List<byte[][]> windows = new Streaming(new FixedFrontend(c)).push(pcm);
        if (windows.isEmpty()) {
            throw EarforgeException.of("the self-test clip (%d samples) is shorter than one analysis window", pcm.length);
        }
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (byte[][] w : windows) in.writeBytes(flatten(w, transpose));
        byte[] inputs = in.toByteArray();
        return new TestVectors(description + ", " + windows.size() + " windows", windows.size(), inputs, pcm,
            expected(g, inputs, windows.size()));
    }

    /** A window [frames][channels] as the model input bytes: frame-major, or channel-major when transposed. */
    public static byte[] flatten(byte[][] w, boolean transpose) {
        int frames = w.length, ch = w[0].length;
        byte[] out = new byte[frames * ch];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < ch; c++) out[transpose ? c * frames + f : f * ch + c] = w[f][c];
        }
        return out;
    }

    /** Samples for {@code windows} windows of the streaming front end: nFft + hop * (fpw - 1 + step * (windows - 1)). */
    public static int samplesFor(FrontendConfig c, int windows) {
        int step = earforge.emit.FrontendEmitter.windowStep(c);
        return c.nFft() + c.hop() * (c.framesPerWindow() - 1 + step * (windows - 1));
    }

    /**
     * A deterministic test clip: a rising chirp with two harmonics over low noise, with a silent gap, at about
     * -10 dBFS: exercises every mel band, the block floating point at several levels, and the floor.
     */
    public static short[] syntheticClip(FrontendConfig c, int windows) {
        int n = samplesFor(c, windows);
        Random r = new Random(1);
        short[] pcm = new short[n];
        double f0 = 100, f1 = 0.45 * c.sampleRate(), phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / n;
            phase += 2 * Math.PI * (f0 * Math.pow(f1 / f0, t)) / c.sampleRate();
            double env = (i / (c.hop() * 7)) % 5 == 4 ? 0 : 0.3 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t));
            double v = env * (Math.sin(phase) + 0.3 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase)) + 0.003 * r.nextGaussian();
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
        }
        return pcm;
    }

    private static byte[] expected(Graph g, byte[] inputs, int n) {
        Simulator sim = new Simulator(g);
        int inBytes = 0;
        for (int i = 0; i < g.inputs.length; i++) inBytes += g.input(i).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < n; k++) {
            Object[] args = new Object[g.inputs.length];
            int at = k * inBytes;
            for (int i = 0; i < g.inputs.length; i++) {
                Tensor t = g.input(i);
                args[i] = Values.decode(t.type, Arrays.copyOfRange(inputs, at, at + t.bytes()));
                at += t.bytes();
            }
            for (Object o : sim.run(args)) out.writeBytes(Values.encode(o));
        }
        return out.toByteArray();
    }
}
