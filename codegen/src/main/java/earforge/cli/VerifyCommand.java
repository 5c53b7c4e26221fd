package earforge.cli;

import earforge.EarforgeException;
import earforge.eval.AudioSet;
import earforge.eval.ModelBundle;
import earforge.io.AtomicDirectory;
import earforge.verify.HtmlReport;
import earforge.verify.Verifier;
import earforge.verify.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Regression test of an int8 model against its float reference on a labelled audio dataset: the float model "
        + "on the float front end, the int8 model (bit-exact simulator) on the fixed-point front end, every clip. Reports "
        + "accuracy of both, top-1 agreement, confusion matrices and per-layer error (cosine, RMSE, SNR, max abs) in "
        + "DIR/report.json and DIR/report.html.",
        "Exit code 0 = within the thresholds, 1 = a threshold was crossed (usable as a CI gate), 2 = error."})
final class VerifyCommand implements Callable<Integer> {
    public static final int EXIT_THRESHOLD = 1;

    @Option(names = "--float", required = true, paramLabel = "F", description = "float32 .tflite or Keras .h5 (or a zoo folder)")
    Path floatModel;
    @Option(names = "--int8", required = true, paramLabel = "Q", description = "int8 .tflite (or a zoo folder with model_int8.tflite)")
    Path int8Model;
    @Option(names = "--dataset", required = true, paramLabel = "D",
        description = "folder of WAVs with an esc50-style CSV, or one sub-folder per class") Path dataset;
    @Option(names = "--frontend", paramLabel = "CFG", description = "frontend.json or preset; default: frontend.json beside a model")
    String frontend;
    @Option(names = "--folds", paramLabel = "F", description = "evaluate only these folds, e.g. 5 or 1,2 or 1-3 (default: all)") String folds;
    @Option(names = "--labels", paramLabel = "labels.txt", description = "class names in model output order; default: labels.txt beside a model")
    Path labels;
    @Option(names = "--report", required = true, paramLabel = "DIR") Path report;
    @Option(names = "--force", description = "replace an existing report directory (written atomically either way)") boolean force;
    @Option(names = "--max-drop", paramLabel = "X", defaultValue = "0.01",
        description = "fail when float accuracy - int8 accuracy > X (fraction; default 0.01 = 1 pp)") double maxDrop;
    @Option(names = "--min-agreement", paramLabel = "X", defaultValue = "0.98",
        description = "fail when clip-level top-1 agreement < X (fraction; default 0.98)") double minAgreement;

    static final String REPORT_JSON = "report.json";

    private static Path require(Path p, Path dir, String what) {
        if (p == null) throw EarforgeException.of("%s: no %s in this folder", dir, what);
        return p;
    }

    @Override public Integer call() throws IOException {
        AtomicDirectory.checkReplaceable(report, force, REPORT_JSON);   // before the evaluation work
        ModelBundle fb = ModelBundle.resolve(floatModel, frontend), qb = ModelBundle.resolve(int8Model, frontend);
        if (Files.isDirectory(floatModel)) floatModel = require(fb.floatModel(), floatModel, "float model (model.tflite or model.h5)");
        if (Files.isDirectory(int8Model)) int8Model = require(qb.int8Model(), int8Model, "int8 model (" + ModelBundle.INT8 + ")");
        ModelBundle withFe = fb.frontend() != null ? fb : qb;
        var cfg = withFe.requireFrontend(floatModel);
        List<String> names = labels != null ? ModelBundle.readLabels(labels) : fb.labels() != null ? fb.labels() : qb.labels();
        if (labels != null && names == null) throw EarforgeException.of("%s: no such labels file", labels);
        AudioSet set = AudioSet.load(dataset).folds(AudioSet.parseFolds(folds));
        if (names != null) set = set.withLabels(names);
        Verifier v = new Verifier(Models.load(floatModel), Models.load(int8Model), cfg);
        System.out.printf(Locale.ROOT, "verifying %s against %s on %d clips of %s (front end %s)%n", int8Model, floatModel,
            set.clips().size(), dataset, cfg.name());
        VerifyReport r = v.run(set, floatModel.toString(), int8Model.toString(), new Verifier.Settings(maxDrop, minAgreement));
        // both files or neither: the report directory is replaced as a whole
        AtomicDirectory.write(java.util.Map.of(REPORT_JSON, r.toJson().getBytes(StandardCharsets.UTF_8),
            "report.html", HtmlReport.render(r).getBytes(StandardCharsets.UTF_8)), report, force, REPORT_JSON, null);
        System.out.printf(Locale.ROOT, "accuracy: float %.2f%%, int8 %.2f%% (drop %.2f pp); top-1 agreement %.2f%% of clips, %.2f%% of "
            + "%d windows, %.2f%% of the %d non-silent ones%n", 100 * r.floatAccuracy(), 100 * r.int8Accuracy(), 100 * r.accuracyDrop(),
            100 * r.clipAgreement(), 100 * r.windowAgreement(), r.windows(), 100 * r.nonSilentWindowAgreement(), r.nonSilentWindows());
        for (VerifyReport.Fold f : r.perFold()) {
            if (r.perFold().size() > 1) {
                System.out.printf(Locale.ROOT, "  fold %d: %d clips, float %.2f%%, int8 %.2f%%, agreement %.2f%%%n", f.fold(), f.clips(),
                    100 * f.floatAccuracy(), 100 * f.int8Accuracy(), 100 * f.clipAgreement());
            }
        }
        VerifyReport.Layer worst = null;
        for (VerifyReport.Layer l : r.layers()) if (l.snrDb() != null && (worst == null || l.snrDb() < worst.snrDb())) worst = l;
        if (worst != null) {
            System.out.printf(Locale.ROOT, "lowest layer SNR: %.1f dB at %s '%s' (cosine %.4f)%n", worst.snrDb(), worst.opType(),
                worst.tensor(), worst.cosine());
        }
        System.out.printf("wrote %s and %s%n", report.resolve("report.json"), report.resolve("report.html"));
        if (!r.pass()) {
            for (String f : r.failures()) System.err.println("earforge: verify FAILED: " + f);
            return EXIT_THRESHOLD;
        }
        System.out.println("verify PASSED");
        return 0;
    }
}
