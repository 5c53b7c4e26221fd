package earforge.cli;

import earforge.EarforgeException;
import earforge.importers.ModelLoader;
import earforge.ir.Graph;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model file given on the command line: .tflite (int8 or float) or Keras .h5. */
final class Models {
    private Models() {}

    static Graph load(Path p) {
        if (!Files.exists(p)) throw EarforgeException.of("%s: no such model file", p);
        return ModelLoader.load(p);
    }
}
