package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.dsp.FixedFrontend;
import earforge.dsp.Framing;
import earforge.dsp.FrontendConfig;
import earforge.dsp.FrontendTables;
import earforge.dsp.Streaming;
import earforge.emit.FrontendEmitter;
import earforge.emit.Generator;
import earforge.ir.Graph;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated C front end against the Java specification (FixedFrontend, Streaming), on real audio: on the host
 * (gcc) for three configurations, and in the firmware of every virtual board; 0 differing values. In QEMU the stream
 * path goes on through the model (KWS DS-CNN with its MFCC front end) and the budget's front-end estimate is checked
 * against the instruction counts of the firmware's probes.
 */
class FrontendFirmwareTest {
    @TempDir Path tmp;

    /** A third configuration: magnitude spectrum in dB with top-dB, centred frames, no DCT. */
    static FrontendConfig magDb() {
        return new FrontendConfig("mag-db", 16000, 400, 160, 512, "hann", true, "constant", "librosa", 48, 30, 7800, "slaney",
            "slaney", 1.0, "db", 1e-10, 1.0, 60.0, 0, "ortho", 30, 0.3, null, null, 0.5, -20).validate("test");
    }

    /** Real clips for a configuration: ../shared/audio at 16 kHz, or ESC-10 clips of four classes at 22,050 Hz. */
    static List<short[]> clips(FrontendConfig c) throws IOException {
        List<String> names = new ArrayList<>();
        if (c.sampleRate() == 16000) {
            names.addAll(List.of("audio/yes_1000ms.wav", "audio/no_1000ms.wav", "audio/marvin_617de221_0.wav",
                "audio/dog_bark_163459_48k_24bit_stereo.wav"));
        } else {
            Path csv = Shared.require("datasets/esc10/esc10.csv");
            List<String> seen = new ArrayList<>();
            for (String l : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
                String[] w = l.split(",");
                if (!seen.contains(w[3]) && seen.size() < 4) {
                    seen.add(w[3]);
                    names.add("datasets/esc10/" + w[0]);
                }
            }
        }
        List<short[]> out = new ArrayList<>();
        for (String n : names) out.add(BoardProjects.clip(Shared.require(n), c.sampleRate()));
        return out;
    }

    @Test
    void hostCFrontEndEqualsJavaOnRealAudio() throws Exception {
        Toolchains.require("gcc");
        for (FrontendConfig c : new FrontendConfig[] {FrontendConfig.kws(), FrontendConfig.sbcnn(), magDb()}) {
            Path dir = tmp.resolve(c.name());
            TreeMap<String, String> files = FrontendEmitter.files(c, false);
            try (InputStream in = getClass().getResourceAsStream("/earforge/boards/frontend_host.c")) {
                files.put("frontend_host.c", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Generator.write(files, dir, true);
            HostToolchain.Result cc = HostToolchain.exec(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
                "-fsanitize=undefined", "-fno-sanitize-recover", "-o", "fe", "frontend_host.c", "earforge_frontend.c", "frontend_tables.c"),
                dir, new byte[0], 120);
            assertThat(cc.exit()).as(cc.stderrText()).isZero();
            FixedFrontend fx = new FixedFrontend(c);
            long values = 0, differing = 0, windows = 0;
            for (short[] pcm : clips(c)) {
                // frames: the C frames the signal as given, so it gets the padded signal when the config centres
                short[] padded = Framing.pad(pcm, c);
                HostToolchain.Result f = HostToolchain.exec(List.of(dir.resolve("fe").toString(), "features"), dir,
                    BoardProjects.pcmBytes(padded), 120);
                assertThat(f.exit()).as(f.stderrText()).isZero();
                int[] got = BoardProjects.int32s(f.stdout());
                int[][] want = fx.logMel(pcm);
                assertThat(got.length).isEqualTo(want.length * fx.t.bands);
                for (int t = 0; t < want.length; t++) {
                    for (int b = 0; b < fx.t.bands; b++) if (got[t * fx.t.bands + b] != want[t][b]) differing++;
                }
                values += got.length;
                // streaming: int8 windows in chunks of varying size
                HostToolchain.Result s = HostToolchain.exec(List.of(dir.resolve("fe").toString(), "stream"), dir, BoardProjects.pcmBytes(pcm), 120);
                assertThat(s.exit()).as(s.stderrText()).isZero();
                byte[] want8 = windows(new Streaming(new FixedFrontend(c)).push(pcm), false);
                differing += BoardProjects.differing(s.stdout(), want8);
                values += want8.length;
                windows += want8.length / (c.framesPerWindow() * c.channels());
            }
            System.out.printf(Locale.ROOT, "host C front end %-6s: %,d values (Q16 log-mel and int8 windows, %d windows), %d differing%n",
                c.name(), values, windows, differing);
            assertThat(windows).isPositive();
            assertThat(differing).isZero();
        }
    }

    static byte[] windows(List<byte[][]> ws, boolean transpose) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[][] w : ws) out.writeBytes(TestVectors.flatten(w, transpose));
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu-m4", "qemu-m7", "qemu-rv32"})
    void firmwareFrontEndAndStreamingEqualJava(String boardName) throws Exception {
        Board b = Board.load(boardName);
        Toolchains.requireFor(b);
        FrontendConfig c = FrontendConfig.kws();
        Graph g = TfliteReader.read(Shared.require("models/kws_ref_model_int8.tflite"));
        ProjectOptions o = ProjectOptions.none().withFrontend(c);
        Path dir = BoardProjects.build(g, b, o, tmp.resolve("fw"));
        FixedFrontend fx = new FixedFrontend(c);
        int ops = g.operators.size(), inBytes = c.framesPerWindow() * c.channels(), outBytes = BoardProjects.outputBytes(g);
        long values = 0, differing = 0, windows = 0;
        Profile last = null;
        List<short[]> clips = clips(c);
        for (short[] pcm : clips.subList(0, 2)) {
            BoardRun.Result f = BoardRun.run(dir, b, "features", BoardProjects.pcmBytes(pcm), 4 * fx.t.bands, false, ops, 300);
            int[] got = BoardProjects.int32s(f.output());
            int[][] want = fx.logMel(pcm);   // kws does not centre: the firmware frames the clip as is
            assertThat(got.length).isEqualTo(want.length * fx.t.bands);
            for (int t = 0; t < want.length; t++) for (int k = 0; k < fx.t.bands; k++) if (got[t * fx.t.bands + k] != want[t][k]) differing++;
            values += got.length;

            // stream: the window bytes and the model's outputs on them
            short[] longer = new short[pcm.length * 2];   // two passes of the clip: windows across the seam too
            System.arraycopy(pcm, 0, longer, 0, pcm.length);
            System.arraycopy(pcm, 0, longer, pcm.length, pcm.length);
            BoardRun.Result s = BoardRun.run(dir, b, "stream", BoardProjects.pcmBytes(longer), inBytes + outBytes, true, ops, 300);
            byte[] wantWindows = windows(new Streaming(new FixedFrontend(c)).push(longer), false);
            int n = wantWindows.length / inBytes;
            byte[] wantOut = BoardProjects.simulate(g, wantWindows, n);
            assertThat(s.output().length).isEqualTo(n * (inBytes + outBytes));
            for (int w = 0; w < n; w++) {
                for (int i = 0; i < inBytes; i++) if (s.output()[w * (inBytes + outBytes) + i] != wantWindows[w * inBytes + i]) differing++;
                for (int i = 0; i < outBytes; i++) if (s.output()[w * (inBytes + outBytes) + inBytes + i] != wantOut[w * outBytes + i]) differing++;
            }
            values += s.output().length;
            windows += n;
            last = s.profile();
        }
        System.out.printf(Locale.ROOT, "%-9s firmware front end kws: %,d values (Q16 frames, int8 windows, model outputs; %d windows), %d differing%n",
            boardName, values, windows, differing);
        assertThat(windows).isPositive();
        assertThat(differing).isZero();

        // the budget's front-end estimate against the probes around earforge_frontend_frame / _window
        FrontendTables t = new FrontendTables(c);
        double frame = BoardBudget.frameInstructions(b.cost(), t), window = BoardBudget.windowInstructions(b.cost(), t);
        double mf = last.frontendInstructions(0), mw = last.frontendInstructions(1);
        System.out.printf(Locale.ROOT, "%-9s front end instructions per frame: measured %,.0f, estimated %,.0f (%+.1f%%); per window: "
            + "measured %,.0f, estimated %,.0f (%+.1f%%)%n", boardName, mf, frame, 100 * (frame - mf) / mf, mw, window, 100 * (window - mw) / mw);
        assertThat(Math.abs(frame - mf) / mf).isLessThanOrEqualTo(0.20);
        assertThat(Math.abs(window - mw) / mw).isLessThanOrEqualTo(0.20);

        // and the self-test streams the generated clip through the same path
        HostToolchain.Result self = HostToolchain.exec(Qemu.command(b, dir.resolve(Qemu.ELF), List.of(), true), dir, new byte[0], 300);
        assertThat(self.exit()).as(new String(self.stdout())).isZero();
        assertThat(new String(self.stdout())).contains("self-test: 3/3 outputs identical to the Java simulator").contains("window 2:");
    }

    @Test
    void sbcnnFrontEndWithChannelMajorModelInputOnQemu() throws Exception {
        Board b = Board.load("qemu-m4");
        Toolchains.requireFor(b);
        FrontendConfig c = FrontendConfig.sbcnn();
        // a model whose input is [1, bands, frames, 1], as SB-CNN's: the firmware writes windows channel-major
        Graph g = TinyModels.classifier(c.framesPerWindow() * c.channels(), (float) c.inputScale(), c.inputZeroPoint(), 10, 5);
        g.input(0).shape = new int[] {1, c.channels(), c.framesPerWindow(), 1};
        assertThat(Projects.transpose(g, c)).isTrue();
        Path dir = BoardProjects.build(g, b, ProjectOptions.none().withFrontend(c), tmp.resolve("sb"));
        short[] pcm = clips(c).get(0);
        BoardRun.Result s = BoardRun.run(dir, b, "stream", BoardProjects.pcmBytes(pcm), 0, false, g.operators.size(), 300);
        byte[] wantWindows = windows(new Streaming(new FixedFrontend(c)).push(pcm), true);
        int inBytes = c.framesPerWindow() * c.channels(), outBytes = BoardProjects.outputBytes(g), n = wantWindows.length / inBytes;
        byte[] wantOut = BoardProjects.simulate(g, wantWindows, n);
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        for (int w = 0; w < n; w++) {
            want.write(wantWindows, w * inBytes, inBytes);
            want.write(wantOut, w * outBytes, outBytes);
        }
        long differing = BoardProjects.differing(s.output(), want.toByteArray());
        System.out.printf(Locale.ROOT, "qemu-m4   firmware front end sbcnn (ESC-10 clip, channel-major windows): %d windows, %,d bytes, %d differing%n",
            n, s.output().length, differing);
        assertThat(n).isPositive();
        assertThat(differing).isZero();
    }
}
