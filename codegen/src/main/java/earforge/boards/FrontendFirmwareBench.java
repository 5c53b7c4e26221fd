package earforge.boards;

import earforge.EarforgeException;
import earforge.dsp.FixedFrontend;
import earforge.dsp.FrontendConfig;
import earforge.dsp.FrontendTables;
import earforge.dsp.Streaming;
import earforge.ir.Graph;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import earforge.toolchain.Board;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * `bench frontend CFG --board B`: the fixed-point front end as firmware on a virtual board. A streaming project (the
 * front end and a {@link TinyModels tiny classifier} behind it) is generated and built, the audio is streamed through
 * it in QEMU, every int8 window and model output is compared with the Java front end and simulator, and the
 * firmware's own probes count the instructions of each frame and window (QEMU -icount: instructions, not cycles).
 */
public final class FrontendFirmwareBench {
    private FrontendFirmwareBench() {}

    /** Frames and windows streamed, bytes compared and differing, measured and estimated instructions per call. */
    public record Result(long frames, long windows, long bytes, long differing, double frame, double window,
                         double frameEstimate, double windowEstimate) {}

    /** What {@link #run} needs: a virtual board and its tools installed; a one-line error otherwise. */
    public static void check(Board b) {
        if (!b.isVirtual()) throw EarforgeException.of("bench frontend --board needs a virtual board (qemu-m4, qemu-m7, qemu-rv32), not %s", b.name());
        for (String t : List.of("make", b.toolchain(), b.qemu().binary())) {
            if (Tools.find(t) == null) throw EarforgeException.of("%s is not installed (%s)", t, Tools.hint(t));
        }
    }

    /** Generates, builds and runs the streaming project in work; call {@link #check} first. */
    public static Result run(FrontendConfig c, Board b, short[] pcm, Path work, long timeoutSeconds) {
        int inBytes = c.framesPerWindow() * c.channels();
        Graph g = TinyModels.classifier(inBytes, (float) c.inputScale(), c.inputZeroPoint(), 10, 5);
        Projects.generate(g, b, ProjectOptions.none().withFrontend(c), work, true);
        Builds.build(work, b, List.of(), timeoutSeconds);

        List<byte[][]> want = new Streaming(new FixedFrontend(c)).push(pcm);
        if (want.isEmpty()) throw EarforgeException.of("the audio is shorter than one window of %s (%d frames)", c.name(), c.framesPerWindow());
        byte[] e = expectedStream(g, c, want);
        int outBytes = e.length / want.size() - inBytes;
        BoardRun.Result r = BoardRun.run(work, b, "stream", pcmBytes(pcm), inBytes + outBytes, true, g.operators.size(), timeoutSeconds);
        long differing = differing(e, r.output());

        FrontendTables t = new FrontendTables(c);
        return new Result(r.profile().feCalls()[0], r.profile().feCalls()[1], e.length, differing,
            r.profile().frontendInstructions(0), r.profile().frontendInstructions(1),
            BoardBudget.frameInstructions(b.cost(), t), BoardBudget.windowInstructions(b.cost(), t));
    }

    /** What the firmware's stream mode writes for these front-end windows: each int8 window, then the model's output on it. */
    static byte[] expectedStream(Graph g, FrontendConfig c, List<byte[][]> windows) {
        Simulator sim = new Simulator(g);
        boolean transpose = Projects.transpose(g, c);
        ByteArrayOutputStream expect = new ByteArrayOutputStream();
        for (byte[][] w : windows) {
            byte[] x = TestVectors.flatten(w, transpose);
            expect.writeBytes(x);
            expect.writeBytes(Values.encode(sim.run(Values.decode(g.input(0).type, x))[0]));
        }
        return expect.toByteArray();
    }

    /** Bytes that differ, a length difference counting as that many. */
    static long differing(byte[] want, byte[] got) {
        long d = Math.abs((long) want.length - got.length);
        for (int i = 0; i < Math.min(want.length, got.length); i++) if (want[i] != got[i]) d++;
        return d;
    }

    /** One signal from several, end to end. */
    public static short[] concat(List<short[]> parts) {
        short[] pcm = new short[parts.stream().mapToInt(x -> x.length).sum()];
        int at = 0;
        for (short[] x : parts) { System.arraycopy(x, 0, pcm, at, x.length); at += x.length; }
        return pcm;
    }

    static byte[] pcmBytes(short[] pcm) {
        ByteBuffer bb = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : pcm) bb.putShort(v);
        return bb.array();
    }
}
