package earforge.toolchain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import earforge.EarforgeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A target board, from boards/NAME.yaml (on the classpath under earforge/boards/): the core, the toolchain and
 * its flags, and the runtime sources (under firmware-templates/) that go next to the generated model.
 */
public record Board(String name, String core, String toolchain, List<String> cflags, List<String> ldflags,
                    List<String> sources) {

    public Board {
        cflags = cflags == null ? List.of() : List.copyOf(cflags);
        ldflags = ldflags == null ? List.of() : List.copyOf(ldflags);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static Board load(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) throw EarforgeException.of("bad board name '%s'", name);
        try (InputStream in = Board.class.getResourceAsStream("/earforge/boards/" + name + ".yaml")) {
            if (in == null) throw EarforgeException.of("unknown board '%s' (known: host)", name);
            Board b = YAML.readValue(in, Board.class);
            if (!name.equals(b.name())) throw EarforgeException.of("boards/%s.yaml names board '%s'", name, b.name());
            if (b.toolchain() == null) throw EarforgeException.of("boards/%s.yaml has no toolchain", name);
            return b;
        } catch (IOException e) {
            throw EarforgeException.of("boards/%s.yaml: %s", name, e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }
}
