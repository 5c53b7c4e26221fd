package earforge.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a zoo entry beside model.tflite: frontend.json, labels.txt, training.json and card.md. */
final class Zoo {
    private Zoo() {}

    static void write(Path dir, TrainMain.Report r, Dataset ds, FrontendConfig fc, Arch arch, int[] finalFolds,
                      int[] heldOut, Train t) {
        fc.save(dir.resolve("frontend.json"));
        text(dir.resolve("labels.txt"), String.join("\n", ds.labels()) + "\n");
        text(dir.resolve("training.json"), json(r, ds, arch, finalFolds, heldOut, t));
        text(dir.resolve("card.md"), card(r, ds, fc, arch, finalFolds, heldOut, t));
    }

    private static String json(TrainMain.Report r, Dataset ds, Arch arch, int[] finalFolds, int[] heldOut, Train t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", arch.name());
        m.put("input", List.of(1, arch.height(), arch.width(), 1));
        m.put("inputLayout", "NHWC: H = mel band (low to high), W = frame (time), C = 1");
        m.put("labels", ds.labels());
        m.put("parameters", r.params());
        m.put("seed", r.args().seed());
        List<Object> folds = new ArrayList<>();
        for (TrainMain.FoldResult f : r.folds()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("testFold", f.testFold());
            x.put("valFold", f.valFold());
            x.put("bestEpoch", f.bestEpoch());
            x.put("epochsRun", f.epochsRun());
            x.put("accuracy", f.test().accuracy());
            x.put("accuracyAllWindows", f.test().accuracyAll());
            x.put("confusion", f.test().confusion());
            x.put("seconds", Math.round(f.seconds()));
            folds.add(x);
        }
        m.put("crossValidation", folds);
        m.put("cvMeanAccuracy", mean(r));
        m.put("finalTrainFolds", finalFolds);
        m.put("finalEpochs", r.finalEpochs());
        m.put("finalHeldOutFolds", heldOut);
        if (r.finalHeldOut() != null) {
            m.put("finalHeldOutAccuracy", r.finalHeldOut().accuracy());
            m.put("finalHeldOutAccuracyAllWindows", r.finalHeldOut().accuracyAll());
            m.put("finalHeldOutConfusion", r.finalHeldOut().confusion());
        }
        m.put("inputNormalizationFolded", Map.of("mean", t.net.inputMean, "std", t.net.inputStd));
        m.put("exportCheck", Map.of("windows", r.check().windows(), "maxAbsDiffTfliteVsDjl", r.check().maxAbsDiff(),
            "top1Agree", r.check().top1Agree()));
        m.put("wallSeconds", Math.round(r.seconds()));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static double mean(TrainMain.Report r) {
        return r.folds().stream().mapToDouble(f -> f.test().accuracy()).average().orElse(Double.NaN);
    }

    static double std(TrainMain.Report r) {
        double m = mean(r);
        return Math.sqrt(r.folds().stream().mapToDouble(f -> (f.test().accuracy() - m) * (f.test().accuracy() - m)).average().orElse(0));
    }

    private static String card(TrainMain.Report r, Dataset ds, FrontendConfig fc, Arch arch, int[] finalFolds,
                               int[] heldOut, Train t) {
        StringBuilder s = new StringBuilder();
        String model = r.args().model();
        s.append("# ").append(arch.name()).append(" on ESC-10 (float32)\n\n");
        s.append("Environmental sound classifier, ").append(ds.classes()).append(" classes: ")
            .append(String.join(", ", ds.labels())).append(" (`labels.txt`, class index = line number from 0).\n\n");
        s.append("## Files\n\n");
        s.append("| file | what |\n|---|---|\n");
        s.append(String.format(Locale.ROOT, "| `model.tflite` | float32 TFLite model, %,d parameters, BatchNorm folded, ReLU fused; "
            + "input `[1, %d, %d, 1]` float32, output `[1, %d]` softmax |\n", r.params(), arch.height(), arch.width(), arch.classes()));
        s.append("| `frontend.json` | the front end (`earforge.dsp.FrontendConfig`, preset `").append(fc.name()).append("`) |\n");
        s.append("| `labels.txt` | class names |\n| `training.json` | the numbers of this card, machine-readable |\n\n");
        s.append("## Input\n\n");
        s.append(String.format(Locale.ROOT, "%s. Layout **NHWC `[1, %d, %d, 1]`: H = mel band (0 = lowest), W = frame (time)**; "
            + "value = the float front end's log-mel in dB (power_to_db, ref 1, floor 1e-10) with the top-%.0f-dB clamp applied "
            + "per %d-frame window, no further normalization (the training-time normalization, mean %.2f dB / std %.2f dB, is "
            + "folded into the first convolution).\n\n", fc.summary(), arch.height(), arch.width(),
            fc.topDb() == null ? 0 : fc.topDb(), fc.framesPerWindow(), t.net.inputMean, t.net.inputStd));
        s.append(String.format(Locale.ROOT, "Clip decision: windows start every %d frames (overlap %.0f%%, `Framing.windowStarts`); "
            + "the clip score is the mean of the windows' softmax scores over the **non-silent** windows (mean power of the "
            + "samples under the window's frames >= %.0f dBFS; all windows when every one is silent). 81 ESC-10 clips contain "
            + "digital silence; silent windows are also skipped in training.\n\n",
            Math.max(1, Math.round(fc.framesPerWindow() * (1 - fc.windowOverlap()))), fc.windowOverlap() * 100, Features.SILENCE_DBFS));
        s.append("## Architecture\n\n");
        s.append(arch.name().equals("sbcnn")
            ? "SB-CNN (Salamon & Bello 2016) as in J. Nordby's thesis *Environmental Sound Classification on Microcontrollers "
              + "using Convolutional Neural Networks* (2019): Conv 24 5x5 -> BN -> MaxPool 3x2 -> ReLU; Conv 48 5x5 -> BN -> "
              + "MaxPool 3x2 -> ReLU; Conv 48 5x5 valid -> BN -> ReLU; Flatten -> Dropout 0.5 -> Dense 64 -> ReLU -> Dropout 0.5 -> "
              + "Dense 10 -> Softmax.\n\n"
            : "Stride-DS-24 from J. Nordby's thesis (2019, jonnor/ESC-CNN-microcontroller `microesc/models/strided.py`): "
              + "Conv 24 5x5 stride 2 -> BN -> ReLU; depthwise 5x5 stride 2 + pointwise 36 -> BN -> ReLU; depthwise 5x5 stride 2 "
              + "valid + pointwise 54 -> BN -> ReLU; Flatten -> Dense 64 -> ReLU -> Dropout 0.5 -> Dense 10 -> Softmax.\n\n");
        s.append("Operators: ");
        s.append(arch.name().equals("sbcnn") ? "CONV_2D (fused ReLU), MAX_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX.\n\n"
            : "CONV_2D (fused ReLU), DEPTHWISE_CONV_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX.\n\n");
        s.append("## Data and training\n\n");
        Augment a = t.cfg.augment();
        s.append(String.format(Locale.ROOT, "ESC-10 (%d clips x 5 s, 22,050 Hz), 5-fold cross-validation by the dataset's own folds "
            + "(clips never cross folds). For test fold k the validation fold (early stopping) is the next fold and the other "
            + "three train. DJL %s with the PyTorch CPU engine, one thread, seed %d. Adam (lr 1e-3 with cosine decay to 1e-5 "
            + "over %d epochs, L2 1e-4), batch 64, %d random non-silent windows per clip and epoch, early stopping on the "
            + "validation clip accuracy (patience %d epochs). Augmentation in the audio domain, before the front end: random "
            + "sub-hop time shift (plus random window starts), gain +-%.0f dB, white noise at %.0f-%.0f dB SNR on %.0f%% of "
            + "the clips; then on %.0f%% of the windows a SpecAugment-style mask of up to %d mel bands and up to %d frames.\n\n",
            ds.clips().size(), "0.30.0", r.args().seed(), r.args().epochs(), r.args().windowsPerClip(), r.args().patience(),
            a.gainDb(), a.snrMinDb(), a.snrMaxDb(), a.noiseProb() * 100, a.maskProb() * 100, a.maxBands(), a.maxFrames()));
        if (!r.folds().isEmpty()) {
            s.append("## Cross-validation accuracy (clip level)\n\n");
            s.append("| test fold | val fold | best epoch | accuracy | accuracy, all windows |\n|---|---|---|---|---|\n");
            for (TrainMain.FoldResult f : r.folds()) {
                s.append(String.format(Locale.ROOT, "| %d | %d | %d / %d | %.1f%% | %.1f%% |\n", f.testFold(), f.valFold(),
                    f.bestEpoch(), f.epochsRun(), 100 * f.test().accuracy(), 100 * f.test().accuracyAll()));
            }
            s.append(String.format(Locale.ROOT, "| **mean** | | | **%.1f%%** (std %.1f) | %.1f%% |\n\n", 100 * mean(r), 100 * std(r),
                100 * r.folds().stream().mapToDouble(f -> f.test().accuracyAll()).average().orElse(0)));
            int[][] conf = r.folds().get(0).test().confusion();
            for (int i = 1; i < r.folds().size(); i++) conf = Metrics.add(conf, r.folds().get(i).test().confusion());
            s.append("Confusion matrix summed over the test folds (rows = true class, columns = predicted):\n\n");
            s.append(confusion(conf, ds.labels()));
        }
        s.append("## This model\n\n");
        s.append(String.format(Locale.ROOT, "`model.tflite` was trained on folds %s for %d epochs%s of the same %d-epoch "
            + "schedule, without early stopping; fold(s) %s were held out", Arrays.toString(finalFolds), r.finalEpochs(),
            r.args().finalEpochs() > 0 || r.folds().isEmpty() ? "" : " (the median best epoch of the cross-validation runs)",
            Math.max(r.finalEpochs(), r.args().epochs()), Arrays.toString(heldOut)));
        if (r.finalHeldOut() != null) {
            s.append(String.format(Locale.ROOT, ": clip accuracy %.1f%% (all windows %.1f%%).\n\n", 100 * r.finalHeldOut().accuracy(),
                100 * r.finalHeldOut().accuracyAll()));
            s.append(confusion(r.finalHeldOut().confusion(), ds.labels()));
        } else {
            s.append(".\n\n");
        }
        s.append(String.format(Locale.ROOT, "Export check: the .tflite in the TensorFlow Lite 2.15 interpreter (reference kernels) "
            + "against DJL's forward pass on %d real feature windows of the held-out fold: max |difference| of the softmax "
            + "scores %.2g, top-1 agreement %d/%d.\n\n", r.check().windows(), r.check().maxAbsDiff(), r.check().top1Agree(),
            r.check().windows()));
        s.append("Reproduce with the command in `models/README.md` and the arguments `--model ").append(model)
            .append(" --seed ").append(r.args().seed()).append("`. Wall time of this run (one PyTorch thread on a shared ")
            .append(String.format(Locale.ROOT, "2-core machine): %.0f min.\n\n", r.seconds() / 60));
        s.append("## License and credit\n\n");
        s.append("Trained on ESC-10 by Karol J. Piczak, *ESC: Dataset for Environmental Sound Classification*, Proc. 23rd ACM "
            + "Multimedia, 2015 (doi:10.1145/2733373.2806390, github.com/karoldvl/ESC-10), licensed **CC BY 3.0** "
            + "(creativecommons.org/licenses/by/3.0/). The clips come from Freesound.org recordings; per-clip authors, "
            + "sources and licences are in the dataset's `ATTRIBUTION.csv` (233 CC0, 165 CC BY, and two rooster clips, "
            + "1-40730-A-1 and 2-96460-A-1, under **CC Sampling+**). Changes to the audio are listed in the dataset's "
            + "`LICENSE.txt` (resampled to 22,050 Hz, 16-bit). The model weights are a work derived from these recordings; "
            + "keep this credit with them.\n");
        return s.toString();
    }

    private static String confusion(int[][] c, List<String> labels) {
        StringBuilder s = new StringBuilder("| true \\ predicted |");
        for (int j = 0; j < c.length; j++) s.append(' ').append(j).append(" |");
        s.append("\n|---|");
        for (int j = 0; j < c.length; j++) s.append("---|");
        s.append('\n');
        for (int i = 0; i < c.length; i++) {
            s.append("| ").append(i).append(' ').append(labels.get(i)).append(" |");
            for (int j = 0; j < c.length; j++) s.append(' ').append(c[i][j]).append(" |");
            s.append('\n');
        }
        return s.append('\n').toString();
    }

    private static void text(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot write (%s)", p, e.getMessage());
        }
    }
}
