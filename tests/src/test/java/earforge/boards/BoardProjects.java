package earforge.boards;

import earforge.io.Resampler;
import earforge.io.Wav;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import earforge.toolchain.Board;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Generates and builds board projects for the tests, and the reference data they are checked against. */
final class BoardProjects {
    private BoardProjects() {}

    /** generate + build (warnings are errors); returns the project directory. */
    static Path build(Graph g, Board b, ProjectOptions o, Path dir, String... extraCflags) {
        Toolchains.requireFor(b);
        Projects.generate(g, b, o, dir, true);
        String flags = "EXTRA_CFLAGS=-Werror" + (extraCflags.length == 0 ? "" : " " + String.join(" ", extraCflags));
        Builds.build(dir, b, List.of(flags), 900);
        return dir;
    }

    static int inputBytes(Graph g) {
        int n = 0;
        for (int i = 0; i < g.inputs.length; i++) n += g.input(i).bytes();
        return n;
    }

    static int outputBytes(Graph g) {
        int n = 0;
        for (int i = 0; i < g.outputs.length; i++) n += g.output(i).bytes();
        return n;
    }

    static byte[] randomInputs(Graph g, int n, long seed) {
        byte[] b = new byte[n * inputBytes(g)];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The Java simulator on n concatenated input records: the concatenated output records. */
    static byte[] simulate(Graph g, byte[] inputs, int n) {
        Simulator sim = new Simulator(g);
        int per = inputBytes(g);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < n; k++) {
            Object[] args = new Object[g.inputs.length];
            int at = k * per;
            for (int i = 0; i < g.inputs.length; i++) {
                Tensor t = g.input(i);
                args[i] = Values.decode(t.type, Arrays.copyOfRange(inputs, at, at + t.bytes()));
                at += t.bytes();
            }
            for (Object o : sim.run(args)) out.writeBytes(Values.encode(o));
        }
        return out.toByteArray();
    }

    static long differing(byte[] a, byte[] b) {
        if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        long d = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) d++;
        return d;
    }

    static byte[] pcmBytes(short[] pcm) {
        ByteBuffer bb = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : pcm) bb.putShort(v);
        return bb.array();
    }

    static int[] int32s(byte[] le) {
        ByteBuffer bb = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        int[] v = new int[le.length / 4];
        for (int i = 0; i < v.length; i++) v[i] = bb.getInt();
        return v;
    }

    /** A WAV file as int16 at {@code rate} (resampled when needed), as `features` and the firmware take it. */
    static short[] clip(Path wav, int rate) {
        Wav.Audio a = Wav.read(wav);
        return Wav.toPcm16(Resampler.resample(a.samples(), a.sampleRate(), rate));
    }
}
