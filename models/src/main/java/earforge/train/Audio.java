package earforge.train;

import earforge.EarforgeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads the training clips: 16-bit PCM WAV at the front end's rate (stereo is averaged to mono). */
public final class Audio {
    private Audio() {}

    public static short[] read(Path wav, int sampleRate) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16) {
                throw EarforgeException.of("%s: %s %d-bit audio, the trainer reads 16-bit PCM", wav, f.getEncoding(), f.getSampleSizeInBits());
            }
            if (Math.round(f.getSampleRate()) != sampleRate) {
                throw EarforgeException.of("%s: %.0f Hz, the front end needs %d Hz (resample the dataset first)", wav, f.getSampleRate(), sampleRate);
            }
            int ch = f.getChannels();
            byte[] raw = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(raw).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            short[] pcm = new short[raw.length / 2 / ch];
            for (int i = 0; i < pcm.length; i++) {
                int acc = 0;
                for (int c = 0; c < ch; c++) acc += b.getShort();
                pcm[i] = (short) Math.floorDiv(acc, ch);
            }
            return pcm;
        } catch (UnsupportedAudioFileException | IOException e) {
            throw EarforgeException.of("%s: cannot read WAV (%s)", wav, e.getMessage());
        }
    }
}
