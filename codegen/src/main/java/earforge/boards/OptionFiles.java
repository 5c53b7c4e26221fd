package earforge.boards;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import earforge.io.Resampler;
import earforge.io.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds {@link ProjectOptions} from command-line values and the files beside the model (the zoo layout). */
public final class OptionFiles {
    private OptionFiles() {}

    /**
     * {@code frontend}: a preset, a frontend.json path, "none", or null for the frontend.json beside the model when there
     * is one; {@code labels}: a labels.txt (one class per line), or null for labels.txt beside the model; {@code clip}:
     * a WAV file for the self-test (resampled to the front end's rate), or null for a synthetic clip.
     */
    public static ProjectOptions resolve(Path model, String frontend, Path labels, Path clip, int vote, int testVectors) {
        Path dir = model.toAbsolutePath().getParent();
        FrontendConfig fe = null;
        if (frontend == null) {
            Path beside = dir == null ? null : dir.resolve("frontend.json");
            if (beside != null && Files.isRegularFile(beside)) fe = FrontendConfig.load(beside.toString());
        } else if (!frontend.equals("none")) {
            fe = FrontendConfig.load(frontend);
        }
        List<String> names = null;
        Path lab = labels != null ? labels : dir == null ? null : dir.resolve("labels.txt");
        if (lab != null && (labels != null || Files.isRegularFile(lab))) {
            try {
                names = Files.readAllLines(lab).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            } catch (IOException e) {
                throw EarforgeException.of("%s: cannot read labels (%s)", lab, e.getMessage());
            }
        }
        short[] pcm = null;
        if (clip != null) {
            if (fe == null) throw new EarforgeException("--clip needs a front end (--frontend)");
            Wav.Audio a = Wav.read(clip);
            pcm = Wav.toPcm16(Resampler.resample(a.samples(), a.sampleRate(), fe.sampleRate()));
        }
        if (vote < 0) throw EarforgeException.of("--vote %d must be >= 1", vote);
        if (testVectors < 1 || testVectors > 1000) throw EarforgeException.of("--test-vectors %d must be 1..1000", testVectors);
        return new ProjectOptions(fe, names, vote, testVectors, pcm, clip == null ? null : clip.getFileName().toString());
    }
}
