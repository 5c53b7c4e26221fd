package earforge.cli;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import earforge.eval.ClipFeatures;
import earforge.eval.InputLayout;
import earforge.eval.ModelBundle;
import earforge.eval.ModelRunner;
import earforge.io.Resampler;
import earforge.io.Wav;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "classify", mixinStandardHelpOptions = true,
    description = {"Classifies a WAV file (any rate, bit depth, channels: downmixed and resampled) with a model: the class "
        + "timeline (one line per analysis window: start time, top class, score) and the clip decision (mean of the "
        + "window scores over the non-silent windows).",
        "--int8 (default when the zoo folder has model_int8.tflite): int8 model on the fixed-point front end, as the "
            + "firmware runs; --float: float model on the float front end."})
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
        description = "zoo folder (model.tflite, model_int8.tflite, frontend.json, labels.txt) or a model file") Path model;
    @Option(names = "--wav", required = true, paramLabel = "X.wav") Path wav;
    @Option(names = "--frontend", paramLabel = "CFG", description = "frontend.json or preset; default: frontend.json of the model")
    String frontend;
    @Option(names = "--labels", paramLabel = "labels.txt", description = "class names; default: labels.txt of the model") Path labels;
    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "classes listed in the clip decision (default 3)") int top;

    @ArgGroup(exclusive = true) Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--int8", description = "int8 model, fixed-point front end") boolean int8;
        @Option(names = "--float", description = "float model, float front end") boolean floating;
    }

    @Override public Integer call() {
        ModelBundle b = ModelBundle.resolve(model, frontend);
        Path chosen;
        if (mode.floating) {
            if (b.floatModel() == null) throw EarforgeException.of("%s: no float model (model.tflite or model.h5)", model);
            chosen = b.floatModel();
        } else if (b.int8Model() != null) {
            chosen = b.int8Model();
        } else if (mode.int8 && (b.floatModel() == null || !isInt8(b.floatModel()))) {
            throw EarforgeException.of("%s: no int8 model (quantize it: earforge quantize ... --out %s)", model,
                java.nio.file.Files.isDirectory(model) ? model.resolve(ModelBundle.INT8) : "INT8.tflite");
        } else {
            chosen = b.floatModel();
        }
        ModelRunner m = new ModelRunner(Models.load(chosen));
        FrontendConfig cfg = b.requireFrontend(chosen);
        List<String> names = labels != null ? ModelBundle.readLabels(labels) : b.labels();
        if (labels != null && names == null) throw EarforgeException.of("%s: no such labels file", labels);
        int classes = m.output.elements();
        if (names == null) names = IntStream.range(0, classes).mapToObj(i -> "class " + i).toList();
        if (names.size() != classes) {
            throw EarforgeException.of("%d labels for a model with %d outputs", names.size(), classes);
        }
        Wav.Audio a = Wav.read(wav);
        float[] x = Resampler.resample(a.samples(), a.sampleRate(), cfg.sampleRate());
        ClipFeatures fe = new ClipFeatures(cfg, InputLayout.of(m.input, cfg));
        ClipFeatures.Windows w = fe.of(x, !m.int8(), m.int8());
        System.out.printf(Locale.ROOT, "%s: %s%s%n", wav, a.describe(),
            a.sampleRate() != cfg.sampleRate() ? " -> resampled to " + cfg.sampleRate() + " Hz" : "");
        System.out.printf(Locale.ROOT, "model: %s (%s, %s front end '%s', %d windows of %.2f s)%n", chosen, m.int8() ? "int8" : "float32",
            m.int8() ? "fixed-point" : "float", cfg.name(), w.count(), (double) cfg.framesPerWindow() * cfg.hop() / cfg.sampleRate());
        float[][] scores = new float[w.count()][];
        System.out.printf("  %8s  %-20s %6s%n", "time", "class", "score");
        for (int i = 0; i < w.count(); i++) {
            scores[i] = m.scores(m.int8() ? w.int8()[i] : w.floats()[i]);
            int c = ClipFeatures.argmax(scores[i]);
            System.out.printf(Locale.ROOT, "  %7.2fs  %-20s %6.3f%s%n", w.seconds()[i], names.get(c), scores[i][c],
                w.silent()[i] ? "  (silent, not voted)" : "");
        }
        double[] clip = ClipFeatures.clipScores(scores, w.silent());
        int voted = 0;
        for (boolean s : w.silent()) if (!s) voted++;
        int best = ClipFeatures.argmax(clip);
        System.out.printf(Locale.ROOT, "clip: %s (%.3f, mean of %d %s)%n", names.get(best), clip[best], voted == 0 ? w.count() : voted,
            voted == 0 ? "windows, all silent" : "non-silent windows");
        List<Integer> order = new ArrayList<>(IntStream.range(0, classes).boxed().toList());
        order.sort(Comparator.comparingDouble(i -> -clip[i]));
        StringBuilder sb = new StringBuilder("top:");
        for (int k = 0; k < Math.min(Math.max(1, top), classes); k++) {
            sb.append(String.format(Locale.ROOT, " %s %.3f%s", names.get(order.get(k)), clip[order.get(k)], k + 1 < Math.min(top, classes) ? "," : ""));
        }
        System.out.println(sb);
        return 0;
    }

    private static boolean isInt8(Path p) { return Models.load(p).input(0).type == earforge.ir.DType.INT8; }
}
