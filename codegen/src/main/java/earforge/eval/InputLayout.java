package earforge.eval;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import earforge.ir.Tensor;
import java.util.Arrays;

/**
 * How a front-end window ([frames][channels]) fills the model input tensor. Time-major ([1, frames, channels, 1],
 * [1, frames, channels] or flat [1, frames * channels]) is a plain row-major copy; band-major ([1, channels, frames,
 * 1], H = mel band, W = time, as the ESC-10 zoo models take it) is the transpose.
 */
public record InputLayout(int frames, int channels, boolean transposed) {

    public static InputLayout of(Tensor input, FrontendConfig c) {
        int f = c.framesPerWindow(), ch = c.channels();
        if (input.elements() != f * ch) {
            throw EarforgeException.of("model input '%s' %s holds %d values, but the front end '%s' gives windows of %d frames x %d "
                + "channels", input.name, Arrays.toString(input.shape), input.elements(), c.name(), f, ch);
        }
        boolean bandMajor = input.rank() >= 3 && input.dim(1) == ch && input.dim(2) == f && f != ch;
        return new InputLayout(f, ch, bandMajor);
    }

    public float[] toFloat(double[][] window) {
        float[] out = new float[frames * channels];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channels; c++) out[transposed ? c * frames + t : t * channels + c] = (float) window[t][c];
        }
        return out;
    }

    public byte[] toInt8(byte[][] window) {
        byte[] out = new byte[frames * channels];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channels; c++) out[transposed ? c * frames + t : t * channels + c] = window[t][c];
        }
        return out;
    }

    public String describe() {
        return transposed ? "band-major (H = channel, W = frame)" : "time-major (frame, channel)";
    }
}
