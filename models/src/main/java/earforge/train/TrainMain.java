package earforge.train;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import earforge.ir.Graph;
import earforge.tflite.TfliteWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The training recipe: K-fold cross-validation by the dataset's folds, then the final model, exported as float32
 * .tflite with its frontend.json, labels and model card. Run with {@code mvn -pl models exec:java -Dexec.args="..."}
 * (models/README.md has the exact command). Arguments:
 * <pre>
 *   --model sbcnn|stride-ds-24   architecture (default sbcnn)
 *   --data DIR                   folder with the WAVs and one metadata CSV (default ../shared/datasets/esc10)
 *   --folds 1,2,3,4,5|none       test folds of the cross-validation (default: every fold); validation = next fold
 *   --final-folds 1,2,3,4        folds the exported model trains on (default: all but the last fold)
 *   --epochs N                   epochs of the cosine learning-rate schedule and maximum per CV run (default 80)
 *   --final-epochs N             epochs of the final model (default: median best epoch of the CV runs)
 *   --out DIR                    zoo folder to write (default models/zoo/&lt;model&gt;-esc10)
 *   --seed S                     seed (default 1)
 *   --clips-per-class N          use only the first N clips per class and fold (quick runs)
 *   --patience N                 early-stopping patience in epochs (default 25)
 *   --windows-per-clip N         random windows per training clip and epoch (default 8)
 * </pre>
 */
public final class TrainMain {

    public record Args(String model, Path data, int[] folds, int[] finalFolds, int epochs, int finalEpochs, Path out,
                       long seed, int clipsPerClass, int patience, int windowsPerClip) {
        public static Args parse(String... a) {
            Path root = Path.of(System.getProperty("earforge.root", ".")).toAbsolutePath().normalize();
            String model = "sbcnn";
            Path data = root.resolve("../shared/datasets/esc10").normalize(), out = null;
            int[] folds = null, finalFolds = null;
            int epochs = 80, finalEpochs = 0, perClass = 0, patience = 25, wpc = 8;
            long seed = 1;
            for (int i = 0; i < a.length; i++) {
                String k = a[i];
                if (i + 1 >= a.length) throw EarforgeException.of("%s needs a value", k);
                String v = a[++i];
                switch (k) {
                    case "--model" -> model = v;
                    case "--data" -> data = Path.of(v);
                    case "--folds" -> folds = v.equals("none") ? new int[0] : ints(v);
                    case "--final-folds" -> finalFolds = ints(v);
                    case "--epochs" -> epochs = num(k, v);
                    case "--final-epochs" -> finalEpochs = num(k, v);
                    case "--out" -> out = Path.of(v);
                    case "--seed" -> seed = num(k, v);
                    case "--clips-per-class" -> perClass = num(k, v);
                    case "--patience" -> patience = num(k, v);
                    case "--windows-per-clip" -> wpc = num(k, v);
                    default -> throw EarforgeException.of("unknown option %s (see earforge.train.TrainMain's javadoc)", k);
                }
            }
            if (!Arch.NAMES.contains(model)) throw EarforgeException.of("unknown model '%s' (models: %s)", model, Arch.NAMES);
            if (out == null) out = root.resolve("models/zoo/" + model + "-esc10");
            return new Args(model, data, folds, finalFolds, epochs, finalEpochs, out, seed, perClass, patience, wpc);
        }

        private static int[] ints(String v) {
            try {
                return Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw EarforgeException.of("'%s' is not a comma-separated list of fold numbers", v);
            }
        }

        private static int num(String k, String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw EarforgeException.of("%s: '%s' is not an integer", k, v);
            }
        }
    }

    /** One cross-validation run. */
    public record FoldResult(int testFold, int valFold, int bestEpoch, int epochsRun, Metrics test, double seconds) {}

    /** What a run produced. */
    public record Report(Args args, List<FoldResult> folds, Metrics finalHeldOut, int finalEpochs, ExportCheck.Result check,
                         long params, double seconds, Path tflite) {}

    public static void main(String[] argv) {
        defaults();
        try {
            run(Args.parse(argv));
        } catch (EarforgeException e) {
            System.err.println("earforge: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Offline DJL on one thread unless the caller said otherwise (FIELD_NOTES §4: 2 shared cores). */
    public static void defaults() {
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    public static Report run(Args a) {
        long t0 = System.nanoTime();
        FrontendConfig fc = FrontendConfig.sbcnn();
        Features f = new Features(fc);
        Dataset ds = Dataset.load(a.data(), null);
        int[] allFolds = ds.folds();
        log("data %s: %d clips, %d classes %s, folds %s", a.data(), ds.clips().size(), ds.classes(), ds.labels(), Arrays.toString(allFolds));
        List<ClipData> clips = new ArrayList<>();
        for (Dataset.Clip c : a.clipsPerClass() > 0 ? perClass(ds, a.clipsPerClass()) : ds.clips()) clips.add(ClipData.load(c, f));
        int silent = 0, windows = 0;
        for (ClipData c : clips) for (boolean s : c.evalSilent()) { windows++; if (s) silent++; }
        log("features: %s; %d evaluation windows of %dx%d, %d silent (skipped in training and in the clip decision) [%.1f s]",
            fc.summary(), windows, f.mels(), f.frames(), silent, (System.nanoTime() - t0) / 1e9);
        Arch arch = Arch.of(a.model(), f.mels(), f.frames(), ds.classes());
        log("model %s: %d parameters", arch.name(), arch.params());

        int[] testFolds = a.folds() != null ? a.folds() : allFolds;
        List<FoldResult> results = new ArrayList<>();
        for (int k : testFolds) {
            int v = allFolds[(indexOf(allFolds, k) + 1) % allFolds.length];
            int[] trainFolds = Arrays.stream(allFolds).filter(x -> x != k && x != v).toArray();
            long ft = System.nanoTime();
            Train.Config tc = new Train.Config(a.epochs(), a.epochs(), a.patience(), 64, 1e-3f, 1e-4f, a.windowsPerClip(), Augment.DEFAULT, a.seed() + k);
            try (Train t = new Train(arch, f, select(clips, trainFolds), tc)) {
                int best = t.fit(select(clips, trainFolds), select(clips, v), ep -> log(
                    "fold %d (val %d) epoch %3d: train loss %.4f, val acc %.4f loss %.4f, lr %.2g, %.1f s (features %.1f s)",
                    k, v, ep.epoch(), ep.trainLoss(), ep.valAcc(), ep.valLoss(), ep.lr(), ep.seconds(), ep.featureSeconds()));
                Metrics m = Metrics.of(select(clips, k), f, t::predict, arch.classes());
                FoldResult r = new FoldResult(k, v, best, t.history.size(), m, (System.nanoTime() - ft) / 1e9);
                results.add(r);
                log("FOLD %d: test clip accuracy %.4f (all windows %.4f), best epoch %d of %d, %.0f s",
                    k, m.accuracy(), m.accuracyAll(), best, r.epochsRun(), r.seconds());
            }
        }
        if (!results.isEmpty()) {
            log("CV %s: mean clip accuracy %.4f over folds %s", arch.name(),
                results.stream().mapToDouble(r -> r.test().accuracy()).average().orElse(0), Arrays.toString(testFolds));
        }

        int[] finalFolds = a.finalFolds() != null ? a.finalFolds() : Arrays.copyOf(allFolds, allFolds.length - 1);
        int[] heldOut = Arrays.stream(allFolds).filter(x -> indexOf(finalFolds, x) < 0).toArray();
        int finalEpochs = a.finalEpochs() > 0 ? a.finalEpochs()
            : results.isEmpty() ? a.epochs() : median(results.stream().mapToInt(FoldResult::bestEpoch).toArray());
        log("final model: folds %s, %d epochs, held out %s", Arrays.toString(finalFolds), finalEpochs, Arrays.toString(heldOut));
        Train.Config tc = new Train.Config(finalEpochs, Math.max(finalEpochs, a.epochs()), a.patience(), 64, 1e-3f, 1e-4f, a.windowsPerClip(), Augment.DEFAULT, a.seed());
        try (Train t = new Train(arch, f, select(clips, finalFolds), tc)) {
            t.fit(select(clips, finalFolds), null, ep -> log("final epoch %3d: train loss %.4f, %.1f s (features %.1f s)", ep.epoch(), ep.trainLoss(), ep.seconds(), ep.featureSeconds()));
            Metrics held = heldOut.length == 0 ? null : Metrics.of(select(clips, heldOut), f, t::predict, arch.classes());
            if (held != null) log("final model on held-out folds %s: clip accuracy %.4f (all windows %.4f)",
                Arrays.toString(heldOut), held.accuracy(), held.accuracyAll());
            Graph g = Exporter.export(t.net);
            byte[] bytes = TfliteWriter.toBytes(g);
            List<ClipData> checkClips = heldOut.length > 0 ? select(clips, heldOut) : clips;
            ExportCheck.Result check = ExportCheck.run(bytes, t, checkClips, 400);
            log("export check: %s", check.summary());
            mkdirs(a.out());
            Path tfl = a.out().resolve("model.tflite");
            TfliteWriter.write(g, tfl);
            Report rep = new Report(a, results, held, finalEpochs, check, arch.params(), (System.nanoTime() - t0) / 1e9, tfl);
            Zoo.write(a.out(), rep, ds, fc, arch, finalFolds, heldOut, t);
            log("wrote %s (%d bytes) and frontend.json, labels.txt, card.md, training.json in %s; total %.0f s",
                tfl.getFileName(), bytes.length, a.out(), rep.seconds());
            return rep;
        }
    }

    static List<Dataset.Clip> perClass(Dataset ds, int n) {
        List<Dataset.Clip> out = new ArrayList<>();
        for (int fold : ds.folds()) out.addAll(ds.subset(n, fold));
        return out;
    }

    static List<ClipData> select(List<ClipData> clips, int... folds) {
        return clips.stream().filter(c -> indexOf(folds, c.clip().fold()) >= 0).toList();
    }

    static int indexOf(int[] a, int x) {
        for (int i = 0; i < a.length; i++) if (a[i] == x) return i;
        return -1;
    }

    static int median(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot create (%s)", p, e.getMessage());
        }
    }

    static void log(String fmt, Object... args) {
        System.out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }
}
