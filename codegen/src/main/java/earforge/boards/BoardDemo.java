package earforge.boards;

import earforge.dsp.FixedFrontend;
import earforge.dsp.FrontendConfig;
import earforge.dsp.Streaming;
import earforge.io.Resampler;
import earforge.io.Wav;
import earforge.ir.Graph;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The board part of `earforge demo`: the KWS DS-CNN with its MFCC front end as firmware for qemu-m4 (generate, build),
 * run in QEMU on a real clip (the firmware's UART log: class and score per window, mean voting, each window checked
 * against the Java simulator), the stream of every window compared byte for byte, and the budget for nucleo-l476rg.
 */
public final class BoardDemo {
    private BoardDemo() {}

    /** MLPerf Tiny KWS classes, in the model's output order. */
    public static final List<String> KWS_LABELS = List.of("down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes",
        "silence", "unknown");

    /** Runs the demo; returns the number of bytes that differ from the simulator (0), or -1 when it could not run. */
    public static long run(Path model, List<Path> clips, Path work) throws IOException {
        Board b = Board.load("qemu-m4");
        for (String t : List.of("make", b.toolchain(), b.qemu().binary())) {
            if (Tools.find(t) == null) {
                System.out.println("board demo: skipped, " + t + " is not installed (" + Tools.hint(t) + ")");
                return -1;
            }
        }
        FrontendConfig fe = FrontendConfig.kws();
        Graph g = TfliteReader.read(model);
        List<short[]> parts = new java.util.ArrayList<>();
        StringBuilder names = new StringBuilder();
        for (Path c : clips) {
            Wav.Audio a = Wav.read(c);
            parts.add(Wav.toPcm16(Resampler.resample(a.samples(), a.sampleRate(), fe.sampleRate())));
            names.append(names.length() == 0 ? "" : " + ").append(c.getFileName());
        }
        short[] pcm = FrontendFirmwareBench.concat(parts);
        List<byte[][]> want = new Streaming(new FixedFrontend(fe)).push(pcm);
        ProjectOptions o = new ProjectOptions(fe, KWS_LABELS, 0, want.size(), pcm, names.toString());
        Path dir = work.resolve("kws-qemu-m4");
        System.out.printf("%nfirmware: earforge generate --board qemu-m4 --frontend kws --clip %s --out %s%n", names, dir);
        Projects.generate(g, b, o, dir, true);
        Builds.build(dir, b, List.of(), 900);
        System.out.println("built " + dir.resolve(Qemu.ELF) + "; running it in QEMU (UART log):");
        HostToolchain.Result r = HostToolchain.exec(Qemu.command(b, dir.resolve(Qemu.ELF), List.of(), true), dir, new byte[0], 300);
        for (String l : new String(r.stdout()).split("\r?\n")) {
            if (!l.startsWith("  op ")) System.out.println("  | " + l);
        }

        // every window of the stream: the firmware's model input and output against the Java front end and simulator
        BoardRun.Result s = BoardRun.run(dir, b, "stream", FrontendFirmwareBench.pcmBytes(pcm), 0, true, g.operators.size(), 300);
        byte[] e = FrontendFirmwareBench.expectedStream(g, fe, want);
        long differ = FrontendFirmwareBench.differing(e, s.output());
        System.out.printf(Locale.ROOT, "bit-exactness on qemu-m4: %d windows, %d bytes (front-end windows and model outputs), %d differing "
            + "from the Java front end + simulator; firmware exit code %d%n", want.size(), e.length, differ, r.exit());
        System.out.print(s.profile().format(ProjectInfo.read(dir)));

        System.out.println();
        System.out.print(BoardBudget.of(g, Board.load("nucleo-l476rg"), o).format());
        return r.exit() == 0 ? differ : Math.max(1, differ);
    }


}
