package earforge.cli;

import earforge.EarforgeException;
import earforge.boards.FrontendFirmwareBench;
import earforge.dsp.FixedFrontend;
import earforge.dsp.FloatFrontend;
import earforge.dsp.FrontendBench;
import earforge.dsp.FrontendConfig;
import earforge.io.Resampler;
import earforge.io.Wav;
import earforge.toolchain.Board;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "frontend", mixinStandardHelpOptions = true,
    description = {"Fixed-point front end vs the float reference on the same int16 input: SNR over log-mel values, max "
        + "abs error (dB), int8 model-input agreement. Runs the synthetic worst cases and every WAV under DATASET.",
        "Exit code 0 when the goals hold (SNR >= 50 dB, >= 99.9%% of int8 values within 1 LSB, no NaN / -inf / "
            + "values below the floor), 1 otherwise.",
        "With --board: instead, the front end runs as firmware on a virtual board in QEMU on the synthetic signals (but silence "
            + "and clicks, whose all-zero frames take a shortcut) and the "
            + "first --limit WAVs (default 2): every int8 window is checked against the Java front end, and the firmware's "
            + "probes count instructions per frame and per window (QEMU -icount, not cycles), next to the budget's estimate. "
            + "Exit code 0 when no byte differs, 1 otherwise."})
final class BenchFrontendCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CFG", description = "frontend.json or a preset (sbcnn, kws)") String frontend;
    @Parameters(index = "1", paramLabel = "DATASET", arity = "0..1", description = "folder of WAV files (searched recursively)")
    Path dataset;
    @Option(names = "--limit", description = "use only the first N files (sorted by path)") Integer limit;
    @Option(names = "--seconds", defaultValue = "5", description = "length of each synthetic signal (default ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--board", paramLabel = "B", description = "run the front end as firmware on this virtual board (qemu-m4, qemu-m7, qemu-rv32)")
    String board;
    @Option(names = "--keep", paramLabel = "DIR", description = "with --board: keep the generated project in DIR") Path keep;

    private static final String HEADER = String.format("  %-34s %11s %12s %11s %11s %8s", "", "SNR", "max |err|",
        "int8 equal", "<= 1 LSB", "max diff");

    @Override public Integer call() throws IOException {
        FrontendConfig c = FrontendConfig.load(frontend);
        List<Path> files = dataset == null ? List.of() : wavs(dataset);
        if (limit != null) files = files.subList(0, Math.min(Math.max(limit, 0), files.size()));
        if (dataset != null && files.isEmpty()) throw EarforgeException.of("%s: no .wav files found", dataset);
        if (board != null) return onBoard(c, files.subList(0, Math.min(files.size(), limit == null ? 2 : files.size())));
        FloatFrontend fl = new FloatFrontend(c);
        FixedFrontend fx = new FixedFrontend(c);
        System.out.println("front end " + c.summary());
        System.out.printf(Locale.ROOT, "synthetic worst cases (%.1f s each, int16)%n", seconds);
        System.out.println(HEADER);
        FrontendBench.Stats synth = new FrontendBench.Stats();
        for (Map.Entry<String, short[]> e : FrontendBench.synthetic(c, seconds).entrySet()) {
            FrontendBench.Stats s = FrontendBench.compare(fl, fx, e.getValue());
            synth.add(s);
            line(e.getKey(), s, c);
        }
        line("all synthetic", synth, c);
        boolean ok = synth.meetsGoals();
        if (dataset != null) {
            FrontendBench.Stats all = new FrontendBench.Stats();
            String worstName = null;
            FrontendBench.Stats worst = null;
            int resampled = 0;
            double secs = 0;
            long t0 = System.nanoTime();
            for (Path f : files) {
                Wav.Audio a = Wav.read(f);
                secs += a.seconds();
                if (a.sampleRate() != c.sampleRate()) resampled++;
                short[] pcm = Wav.toPcm16(Resampler.resample(a.samples(), a.sampleRate(), c.sampleRate()));
                FrontendBench.Stats s = FrontendBench.compare(fl, fx, pcm);
                all.add(s);
                if (worst == null || s.snrDb() < worst.snrDb()) { worst = s; worstName = dataset.relativize(f).toString(); }
            }
            System.out.printf(Locale.ROOT, "dataset %s: %d files, %.1f s of audio%s, %.1f s%n", dataset, files.size(), secs,
                resampled > 0 ? ", " + resampled + " resampled to " + c.sampleRate() + " Hz" : "",
                (System.nanoTime() - t0) / 1e9);
            System.out.println(HEADER);
            line("all files", all, c);
            line("lowest-SNR file " + worstName, worst, c);
            ok &= all.meetsGoals();
        }
        System.out.println("goals (SNR >= 50 dB, >= 99.9% of int8 within 1 LSB, no NaN/-inf/below-floor): "
            + (ok ? "MET" : "NOT MET"));
        return ok ? 0 : 1;
    }

    /** The synthetic signals and the given WAVs, one stream, through the firmware on a virtual board. */
    private int onBoard(FrontendConfig c, List<Path> files) throws IOException {
        Board b = Board.load(board);
        FrontendFirmwareBench.check(b);   // before any file is written
        // all-zero frames take the front end's shortcut to the floor: silence and the sparse clicks would lower the mean
        List<short[]> parts = new java.util.ArrayList<>();
        FrontendBench.synthetic(c, seconds).forEach((name, x) -> { if (!name.equals("silence") && !name.startsWith("clicks")) parts.add(x); });
        for (Path f : files) {
            Wav.Audio a = Wav.read(f);
            parts.add(Wav.toPcm16(Resampler.resample(a.samples(), a.sampleRate(), c.sampleRate())));
        }
        short[] pcm = FrontendFirmwareBench.concat(parts);
        Path work = keep != null ? keep : Files.createTempDirectory("earforge-fe-bench-");
        FrontendFirmwareBench.Result r;
        try {
            System.err.printf("bench frontend: building and running %s on %s ...%n", c.name(), b.name());
            r = FrontendFirmwareBench.run(c, b, pcm, work, 900);
        } finally {
            if (keep == null) BenchFirmwareCommand.deleteTree(work);
        }
        System.out.println("front end " + c.summary());
        System.out.printf(Locale.ROOT, "firmware on %s (%s): %.1f s of audio (synthetic signals%s), %,d frames, %,d windows%n", b.name(),
            b.core(), pcm.length / (double) c.sampleRate(), files.isEmpty() ? "" : " + " + files.size() + " WAV files", r.frames(), r.windows());
        System.out.printf(Locale.ROOT, "bit-exactness: %,d bytes (int8 windows and model outputs), %d differing from the Java front end + simulator%n",
            r.bytes(), r.differing());
        System.out.printf(Locale.ROOT, "instructions per frame: %,.0f (QEMU -icount, not cycles); budget estimate %,.0f (%+.1f%%)%n",
            r.frame(), r.frameEstimate(), 100 * (r.frameEstimate() - r.frame()) / r.frame());
        System.out.printf(Locale.ROOT, "instructions per window (top dB, DCT, int8): %,.0f; budget estimate %,.0f (%+.1f%%)%n",
            r.window(), r.windowEstimate(), 100 * (r.windowEstimate() - r.window()) / r.window());
        return r.differing() == 0 ? 0 : 1;
    }

    private static void line(String name, FrontendBench.Stats s, FrontendConfig c) {
        if (name.length() > 34) name = name.substring(0, 31) + "...";
        String snr = Double.isInfinite(s.snrDb()) ? "inf" : String.format(Locale.ROOT, "%.1f", s.snrDb());
        System.out.printf(Locale.ROOT, "  %-34s %8s dB %9.5f dB %10.4f%% %10.4f%% %4d LSB%s%n", name, snr,
            s.maxAbsErrDb(c), 100 * s.equalFraction(), 100 * s.within1Fraction(), s.maxLsb,
            s.nonFinite + s.belowFloor > 0 ? "  (" + s.nonFinite + " NaN/inf, " + s.belowFloor + " below floor)" : "");
    }

    private static List<Path> wavs(Path dir) {
        if (!Files.isDirectory(dir)) throw EarforgeException.of("%s: not a folder", dir);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                .sorted().toList();
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot list (%s)", dir, e.getMessage());
        }
    }
}
