package earforge.boards;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * earforge-project.json, next to earforge.json in a board project: what `build`, `run --profile`, `flash` and the
 * tests need to know about the firmware without the model file: the layers (for per-layer profiles), the front end
 * and how its windows map onto the model input, and the self-test size.
 *
 * @param frontend the front end's JSON (FrontendConfig), or null
 * @param sources  directory of the C sources relative to the project (ESP-IDF: main)
 */
public record ProjectInfo(String board, String kind, String model, List<Layer> layers, JsonNode frontend, boolean transpose,
                          int windowStep, int voteWindows, int testVectors, String sources) {

    public static final String FILE = "earforge-project.json";

    /** One operator: its index, type, C kernel (null for in-place copies) and MACs. */
    public record Layer(int index, String op, String kernel, long macs) {}

    public FrontendConfig frontendConfig() {
        return frontend == null ? null : FrontendConfig.fromJson(frontend.toString(), FILE);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static JsonNode tree(FrontendConfig c) {
        try {
            return c == null ? null : JSON.readTree(c.toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project info of DIR, or null for a directory without one (a host build). */
    public static ProjectInfo read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        try {
            return JSON.readValue(f.toFile(), ProjectInfo.class);
        } catch (IOException e) {
            throw EarforgeException.of("%s: unreadable (%s)", f, e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
