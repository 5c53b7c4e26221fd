package earforge.emit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * earforge.json, written next to the generated sources: which board they are for, and the model's input and
 * output tensors (what `build` and `run` need without the model file).
 */
public record Manifest(String generator, String model, String board, int arenaBytes, long constantBytes,
                       List<Io> inputs, List<Io> outputs) {

    public static final String FILE = "earforge.json";
    public static final String GENERATOR = "earforge 0.1.0";

    public record Io(String name, String dtype, int[] shape, float scale, int zeroPoint, int bytes) {
        /** The tensor as the batching helpers see it. */
        public Tensor tensor(int index) {
            return new Tensor(index, name, DType.valueOf(dtype.toUpperCase()), shape.clone(), Quant.perTensor(scale, zeroPoint), null);
        }
    }

    static Manifest of(CModel m, String board) {
        return new Manifest(GENERATOR, m.name(), board, m.plan().size(), m.constantBytes(), io(m.inputs()), io(m.outputs()));
    }

    private static List<Io> io(List<CModel.Io> l) {
        return l.stream().map(t -> new Io(t.name(), t.type().name().toLowerCase(), t.shape(), t.scale(), t.zeroPoint(), t.bytes())).toList();
    }

    public int inputBytes() { return inputs.stream().mapToInt(Io::bytes).sum(); }

    public int outputBytes() { return outputs.stream().mapToInt(Io::bytes).sum(); }

    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Manifest read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) throw EarforgeException.of("%s: not an earforge output directory (no %s)", dir, FILE);
        try {
            Manifest m = JSON.readValue(f.toFile(), Manifest.class);
            if (m.board() == null || m.inputs() == null || m.outputs() == null) throw EarforgeException.of("%s: incomplete", f);
            return m;
        } catch (IOException e) {
            throw EarforgeException.of("%s: unreadable (%s)", f, e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
