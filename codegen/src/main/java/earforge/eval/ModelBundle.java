package earforge.eval;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model with what it needs to hear audio. A zoo folder holds {@code model.tflite} (float32, or a Keras
 * {@code model.h5}), {@code model_int8.tflite}, {@code frontend.json} and {@code labels.txt}; a model file finds
 * {@code frontend.json} and {@code labels.txt} beside it. An explicit front end (preset or path) wins.
 */
public record ModelBundle(Path floatModel, Path int8Model, FrontendConfig frontend, Path frontendSource, List<String> labels) {

    public static final String FLOAT = "model.tflite", FLOAT_H5 = "model.h5", INT8 = "model_int8.tflite";

    public static ModelBundle resolve(Path model, String frontendArg) {
        Path dir;
        Path fl = null, q = null;
        if (Files.isDirectory(model)) {
            dir = model;
            if (Files.isRegularFile(dir.resolve(FLOAT))) fl = dir.resolve(FLOAT);
            else if (Files.isRegularFile(dir.resolve(FLOAT_H5))) fl = dir.resolve(FLOAT_H5);
            if (Files.isRegularFile(dir.resolve(INT8))) q = dir.resolve(INT8);
            if (fl == null && q == null) throw EarforgeException.of("%s: no %s, %s or %s in this folder", dir, FLOAT, FLOAT_H5, INT8);
        } else if (Files.isRegularFile(model)) {
            dir = model.toAbsolutePath().getParent();
            fl = model;
        } else {
            throw EarforgeException.of("%s: no such model file or zoo folder", model);
        }
        FrontendConfig fe = null;
        Path feSource = null;
        if (frontendArg != null) {
            fe = FrontendConfig.load(frontendArg);
            feSource = Path.of(frontendArg);
        } else if (dir != null && Files.isRegularFile(dir.resolve("frontend.json"))) {
            feSource = dir.resolve("frontend.json");
            fe = FrontendConfig.load(feSource.toString());
        }
        List<String> labels = dir == null ? null : readLabels(dir.resolve("labels.txt"));
        return new ModelBundle(fl, q, fe, feSource, labels);
    }

    /** Lines of labels.txt (blank lines dropped), or null when the file does not exist. */
    public static List<String> readLabels(Path p) {
        if (!Files.isRegularFile(p)) return null;
        try {
            return Files.readAllLines(p).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", p, e.getMessage());
        }
    }

    public FrontendConfig requireFrontend(Path model) {
        if (frontend == null) {
            throw EarforgeException.of("%s: no front end: give --frontend (a preset: %s, or a frontend.json), or put frontend.json "
                + "beside the model", model, FrontendConfig.PRESETS);
        }
        return frontend;
    }
}
