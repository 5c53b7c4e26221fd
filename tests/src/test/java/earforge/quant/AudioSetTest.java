package earforge.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.eval.AudioSet;
import earforge.io.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset forms accepted by quantize / verify: esc50-style CSV, one folder per class, a single WAV. */
class AudioSetTest {
    @TempDir Path dir;

    private void wav(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Wav.write16(p, 8000, new short[800]);
    }

    @Test
    void csvClassesFollowTargetOrderAndFoldsFilter() throws Exception {
        Path d = dir.resolve("esc");
        for (String f : List.of("a.wav", "b.wav", "c.wav")) wav(d.resolve(f));
        Files.writeString(d.resolve("meta.csv"), "filename,fold,target,category\na.wav,1,40,helicopter\nb.wav,2,0,dog\nc.wav,2,40,helicopter\n");
        Files.writeString(d.resolve("ATTRIBUTION.csv"), "ignored\n");
        AudioSet s = AudioSet.load(d);
        assertThat(s.labels()).containsExactly("dog", "helicopter");   // by target, as the trainer numbers classes
        assertThat(s.clips()).extracting(AudioSet.Clip::label).containsExactly(1, 0, 1);
        assertThat(s.folds(2).clips()).extracting(AudioSet.Clip::name).containsExactly("b.wav", "c.wav");
        assertThat(s.withLabels(List.of("helicopter", "cat", "dog")).clips()).extracting(AudioSet.Clip::label).containsExactly(0, 2, 0);
        assertThatThrownBy(() -> s.withLabels(List.of("cat"))).isInstanceOf(EarforgeException.class).hasMessageContaining("'helicopter'");
        assertThatThrownBy(() -> s.folds(7)).isInstanceOf(EarforgeException.class).hasMessageContaining("folds present: [1, 2]");
        assertThat(AudioSet.parseFolds("1-3,5")).containsExactly(1, 2, 3, 5);
    }

    @Test
    void folderPerClassAndSingleFiles() throws Exception {
        Path d = dir.resolve("speech");
        wav(d.resolve("yes/1.wav"));
        wav(d.resolve("no/1.wav"));
        wav(d.resolve("no/2.wav"));
        wav(d.resolve("loose.wav"));
        AudioSet s = AudioSet.load(d);
        assertThat(s.labels()).containsExactly("no", "yes");
        assertThat(s.clips()).extracting(c -> c.category() + ":" + c.label())
            .containsExactly("null:-1", "no:0", "no:0", "yes:1");
        assertThat(s.labelled()).isFalse();
        AudioSet one = AudioSet.load(d.resolve("yes/1.wav"));
        assertThat(one.clips()).hasSize(1);
        assertThatThrownBy(() -> AudioSet.load(d.resolve("missing"))).hasMessageContaining("no such dataset");
        Files.writeString(d.resolve("x.csv"), "filename\n");
        Files.writeString(d.resolve("y.csv"), "filename\n");
        assertThatThrownBy(() -> AudioSet.load(d)).hasMessageContaining("more than one metadata CSV");
    }
}
