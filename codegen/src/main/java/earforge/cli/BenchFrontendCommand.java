package earforge.cli;

import earforge.EarforgeException;
import earforge.dsp.FixedFrontend;
import earforge.dsp.FloatFrontend;
import earforge.dsp.FrontendBench;
import earforge.dsp.FrontendConfig;
import earforge.io.Resampler;
import earforge.io.Wav;
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
            + "values below the floor), 1 otherwise."})
final class BenchFrontendCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CFG", description = "frontend.json or a preset (sbcnn, kws)") String frontend;
    @Parameters(index = "1", paramLabel = "DATASET", arity = "0..1", description = "folder of WAV files (searched recursively)")
    Path dataset;
    @Option(names = "--limit", description = "use only the first N files (sorted by path)") Integer limit;
    @Option(names = "--seconds", defaultValue = "5", description = "length of each synthetic signal (default ${DEFAULT-VALUE})")
    double seconds;

    private static final String HEADER = String.format("  %-34s %11s %12s %11s %11s %8s", "", "SNR", "max |err|",
        "int8 equal", "<= 1 LSB", "max diff");

    @Override public Integer call() {
        FrontendConfig c = FrontendConfig.load(frontend);
        List<Path> files = dataset == null ? List.of() : wavs(dataset);
        if (limit != null) files = files.subList(0, Math.min(Math.max(limit, 0), files.size()));
        if (dataset != null && files.isEmpty()) throw EarforgeException.of("%s: no .wav files found", dataset);
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
