package earforge.cli;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model file given on the command line. */
final class Models {
    private Models() {}

    static Graph load(Path p) {
        if (!Files.isRegularFile(p)) throw EarforgeException.of("%s: no such model file", p);
        return TfliteReader.read(p);
    }
}
