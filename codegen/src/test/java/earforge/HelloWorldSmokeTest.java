package earforge;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.ir.Graph;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.tflite.TfliteReader;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HelloWorldSmokeTest {
    @Test
    void int8MatchesTflite() throws Exception {
        Path p = Path.of("../../shared/models/hello_world_int8.tflite");
        Graph g = TfliteReader.read(p);
        g.operators.forEach(System.out::println);
        g.tensors.forEach(System.out::println);
        Simulator sim = new Simulator(g);
        try (TfliteOracle o = TfliteOracle.of(p)) {
            Random r = new Random(1);
            for (int i = 0; i < 200; i++) {
                byte[] in = new byte[1];
                r.nextBytes(in);
                assertThat((byte[]) sim.run(in)[0]).isEqualTo((byte[]) o.run(in)[0]);
            }
        }
    }
}
