package earforge.quant;

import earforge.testing.CliRun;
import earforge.testing.CliRun.Result;

import earforge.tflite.TfliteWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process with captured stdout/stderr; builds a zoo folder around the synthetic tone net. */
final class Cli {
    private Cli() {}

    static Result run(String... args) { return CliRun.run(args); }

    /** zoo/model.tflite (the float tone net), frontend.json, labels.txt. */
    static Path toneZoo(Path zoo) throws IOException {
        Files.createDirectories(zoo);
        TfliteWriter.write(Synth.toneNet(7), zoo.resolve("model.tflite"));
        Synth.frontend().save(zoo.resolve("frontend.json"));
        Files.writeString(zoo.resolve("labels.txt"), String.join("\n", Synth.LABELS) + "\n");
        return zoo;
    }
}
