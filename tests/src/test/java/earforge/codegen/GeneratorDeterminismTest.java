package earforge.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.emit.Generator;
import earforge.ir.Graph;
import earforge.testing.Shared;
import earforge.toolchain.Board;
import earforge.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generating twice gives byte-identical directories, whatever the default locale. */
class GeneratorDeterminismTest {
    @TempDir Path tmp;

    static TreeMap<String, byte[]> read(Path dir) throws Exception {
        TreeMap<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return m;
    }

    @Test
    void generateTwiceIsByteIdentical() throws Exception {
        Graph g = TfliteReader.read(Shared.require("models/kws_ref_model_int8.tflite"));
        Board host = Board.load("host");
        Generator.generate(g, host, tmp.resolve("a"), false);
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);   // decimal comma, grouping dots: must not leak into the C
            Generator.generate(TfliteReader.read(Shared.require("models/kws_ref_model_int8.tflite")), host, tmp.resolve("b"), false);
        } finally {
            Locale.setDefault(saved);
        }
        TreeMap<String, byte[]> a = read(tmp.resolve("a")), b = read(tmp.resolve("b"));
        assertThat(a.keySet()).contains("model.c", "model.h", "earforge_params.h", "earforge_quant.h", "conv_gemm.c",
            "depthwise3x3.c", "average_pool2d.c", "fully_connected.c", "softmax.c", "main.c", "earforge.json")
            .isEqualTo(b.keySet());
        for (String f : a.keySet()) assertThat(b.get(f)).as(f).isEqualTo(a.get(f));
        assertThat(new String(a.get("model.c"), java.nio.charset.StandardCharsets.UTF_8))
            .doesNotContain("malloc").contains("void earforge_model_invoke(const int8_t *in, int8_t *out)");
    }
}
