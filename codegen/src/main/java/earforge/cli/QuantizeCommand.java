package earforge.cli;

import earforge.EarforgeException;
import earforge.eval.AudioSet;
import earforge.eval.ModelBundle;
import earforge.eval.Progress;
import earforge.io.AtomicFiles;
import earforge.ir.Graph;
import earforge.quant.CalibrationData;
import earforge.quant.Estimator;
import earforge.quant.FloatPrep;
import earforge.quant.PostTraining;
import earforge.quant.Quantizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = {"Post-training full-integer quantization of a float model (TFLite spec: int8 activations, per-channel int8 "
        + "conv weights, int32 bias, int8 input and output), calibrated on the float model's activations for real audio.",
        "The model input takes the front end's int8 mapping (inputScale, inputZeroPoint) when a front end is known. The "
            + "written .tflite is checked in the TensorFlow Lite interpreter against earforge's int8 simulator (bit for bit)."})
final class QuantizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FLOAT", description = "float32 .tflite or Keras .h5 (or a zoo folder)")
    Path model;
    @Option(names = "--frontend", paramLabel = "CFG",
        description = "frontend.json or a preset (sbcnn, kws); default: frontend.json beside the model") String frontend;
    @Option(names = "--calibration", required = true, paramLabel = "DATASET",
        description = "folder of WAVs (with an optional esc50-style CSV), a .wav, or a float32 .npy of model inputs; repeatable")
    List<Path> calibration;
    @Option(names = "--folds", paramLabel = "F", description = "calibrate on these folds of a dataset with a CSV, e.g. 1,2,3 or 1-4")
    String folds;
    @Option(names = "--out", required = true, paramLabel = "INT8.tflite") Path out;
    @Option(names = "--force", description = "replace an existing --out file (it is written atomically either way)") boolean force;
    @Option(names = "--estimator", paramLabel = "E", defaultValue = "minmax",
        description = "activation range estimator: minmax (default), percentile, mse") String estimator;
    @Option(names = "--percentile", paramLabel = "P", defaultValue = "99.99", description = "for --estimator percentile (default 99.99)")
    double percentile;
    @Option(names = "--max-windows", paramLabel = "N", defaultValue = "2000",
        description = "at most N calibration windows, thinned evenly (default 2000)") int maxWindows;
    @Option(names = "--fc-per-channel", description = "per-channel FULLY_CONNECTED weights (default per tensor, as the TFLite converter)")
    boolean fcPerChannel;
    @Option(names = "--calibrate-input", description = "calibrate the input quantization instead of taking the front end's int8 mapping")
    boolean calibrateInput;

    @Override public Integer call() {
        AtomicFiles.checkReplaceable(out, force);   // before the calibration work
        Estimator est = Estimator.parse(estimator);
        if (!(percentile > 50 && percentile <= 100)) throw EarforgeException.of("--percentile %s must be in (50, 100]", percentile);
        if (maxWindows < 1) throw EarforgeException.of("--max-windows must be >= 1");
        ModelBundle b = ModelBundle.resolve(model, frontend);
        if (java.nio.file.Files.isDirectory(model)) {
            if (b.floatModel() == null) throw EarforgeException.of("%s: no float model (model.tflite or model.h5) in this folder", model);
            model = b.floatModel();
        }
        Graph g = Models.load(model);
        FloatPrep.prepare(g);   // refuses quantized or unsupported models before the calibration work
        if (b.frontend() != null) System.out.printf("front end: %s (%s)%n", b.frontend().summary(), b.frontendSource());
        CalibrationData data = CalibrationData.collect(g, b.frontend(), calibration, AudioSet.parseFolds(folds), maxWindows);
        for (String s : data.sources()) System.out.println("calibration: " + s);
        boolean inputFromFe = b.frontend() != null && !calibrateInput;
        System.out.printf(Locale.ROOT, "calibrating on %d windows (estimator %s%s)%n", data.floats().size(), est.name().toLowerCase(Locale.ROOT),
            est == Estimator.PERCENTILE ? " " + percentile : "");
        int runs = data.floats().size() * (est.needsHistogram() ? 2 : 1);
        PostTraining.Outcome o;
        try (Progress bar = Progress.start("calibrate", runs)) {
            o = PostTraining.run(g, b.frontend(), inputFromFe, data, new Quantizer.Settings(est, percentile, fcPerChannel),
                done -> bar.update(done, "runs"));
        }
        for (String line : PostTraining.describe(o.result())) System.out.println(line);
        AtomicFiles.write(out, o.tflite());
        PostTraining.Check c = o.check();
        System.out.printf(Locale.ROOT, "TFLite check: %d windows, %d output bytes, %d differ (interpreter == simulator); float vs int8 "
            + "top-1 agree on %d/%d%n", c.windows(), c.comparedBytes(), c.differingBytes(), c.top1Agree(), c.windows());
        System.out.printf(Locale.ROOT, "wrote %s (%,d bytes; input %s, output %s)%n", out, o.tflite().length, o.int8().input(0).quant,
            o.int8().output(0).quant);
        return 0;
    }
}
