package earforge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earforge.testing.Shared;
import earforge.toolchain.Board;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Board YAML: {@link Board#parse}, seeded with the repository's boards/*.yaml (read in place). */
class BoardYamlFuzz {
    static Stream<Arguments> seeds() {
        return new Seeds().files(Shared.root().resolve("boards"), ".yaml").stream();
    }

    private static final Pattern NAME = Pattern.compile("(?m)^name:[ \\t]*([a-z0-9][a-z0-9_-]*)[ \\t]*$");

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void boardYaml(byte[] data) {
        Harness.check("board yaml", data, b -> {
            String text = new String(b, StandardCharsets.UTF_8);
            // the expected name is the file's own, so that the fuzzer gets past the name check
            Matcher m = NAME.matcher(text);
            Board.parse(text, "boards/fuzz.yaml", m.find() ? m.group(1) : "fuzz");
        }, Harness.NO_CAUSE);
    }
}
