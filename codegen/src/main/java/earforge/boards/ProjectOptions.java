package earforge.boards;

import earforge.dsp.FrontendConfig;
import java.util.List;

/**
 * What a board project needs beyond the model: the audio front end (null: no audio path, the self-test runs on
 * tensors), class labels (null: class numbers), the number of windows mean voting averages (0: the windows that
 * overlap one window, ceil(framesPerWindow / step)), and the self-test data: {@code testVectors} random input tensors
 * without a front end, or with one a clip ({@code clip}, int16 at the front end's rate; null: a synthetic clip) long
 * enough for {@code testVectors} windows.
 */
public record ProjectOptions(FrontendConfig frontend, List<String> labels, int voteWindows, int testVectors, short[] clip,
                             String clipName) {
    public static final int DEFAULT_TEST_VECTORS = 3;

    public static ProjectOptions none() { return new ProjectOptions(null, null, 0, DEFAULT_TEST_VECTORS, null, null); }

    public ProjectOptions withFrontend(FrontendConfig c) {
        return new ProjectOptions(c, labels, voteWindows, testVectors, clip, clipName);
    }
}
