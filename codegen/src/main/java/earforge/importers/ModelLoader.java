package earforge.importers;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.tflite.TfliteReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a model file for any command that takes a model: .tflite (TFL3 flatbuffer) or Keras HDF5 (.h5, imported
 * as a float graph). Chosen by content (flatbuffer identifier at bytes 4..8, HDF5 signature), not by extension.
 */
public final class ModelLoader {
    private ModelLoader() {}

    public static Graph load(Path path) {
        if (Files.isDirectory(path)) {
            throw EarforgeException.of("%s: is a directory (a TensorFlow SavedModel? convert it to .tflite or save as Keras .h5)", path);
        }
        if (!Files.isRegularFile(path)) throw EarforgeException.of("%s: no such file", path);
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(8);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", path, e.getMessage());
        }
        if (head.length == 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3') return TfliteReader.read(path);
        if (KerasH5Importer.isHdf5(path)) return KerasH5Importer.load(path);
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K' && name.endsWith(".keras")) {
            throw EarforgeException.of("%s: Keras 3 .keras archives are not supported; save the model as .h5 with tf.keras 2.x", path);
        }
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) return KerasH5Importer.load(path);   // reports "not an HDF5 file"
        if (name.endsWith(".tflite")) return TfliteReader.read(path);                           // reports "not a .tflite file"
        throw EarforgeException.of("%s: not a .tflite or Keras .h5 model", path);
    }
}
