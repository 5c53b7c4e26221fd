package earforge.quant;

import earforge.cli.Main;
import earforge.tflite.TfliteWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process with captured stdout/stderr; builds a zoo folder around the synthetic tone net. */
final class Cli {
    private Cli() {}

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Result(Main.execute(args), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** zoo/model.tflite (the float tone net), frontend.json, labels.txt. */
    static Path toneZoo(Path zoo) throws IOException {
        Files.createDirectories(zoo);
        TfliteWriter.write(Synth.toneNet(7), zoo.resolve("model.tflite"));
        Synth.frontend().save(zoo.resolve("frontend.json"));
        Files.writeString(zoo.resolve("labels.txt"), String.join("\n", Synth.LABELS) + "\n");
        return zoo;
    }
}
