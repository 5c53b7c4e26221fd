package earforge.dsp;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed-point front end as the firmware runs it on a live stream: int16 chunks of any size go in, a log-mel frame
 * is computed as soon as nFft samples are buffered and then every hop samples, and a model input window (int8,
 * framesPerWindow frames) is emitted every step = max(1, round(framesPerWindow * (1 - overlap))) frames once the
 * first window is full. A stream has no edges, so there is no centre padding: the output equals
 * {@link FixedFrontend#modelInputs} of the whole signal under the same config with center = false.
 * State: the last nFft samples and the last framesPerWindow frames.
 */
public final class Streaming {
    private final FixedFrontend fx;
    private final FrontendTables t;
    private final short[] buf;
    private int filled;          // samples in buf
    private int untilFrame;      // samples still needed before the next frame
    private final int[][] history;
    private long frames;
    private final int step;

    public Streaming(FixedFrontend fx) {
        this.fx = fx;
        this.t = fx.t;
        buf = new short[t.nFft];
        untilFrame = t.nFft;
        history = new int[t.cfg.framesPerWindow()][];
        step = Math.max(1, (int) Math.round(t.cfg.framesPerWindow() * (1 - t.cfg.windowOverlap())));
    }

    public long frames() { return frames; }

    /** Feeds samples; returns the int8 model inputs ([frames][channels]) completed by them, oldest first. */
    public List<byte[][]> push(short[] chunk) {
        List<byte[][]> out = new ArrayList<>();
        int i = 0;
        while (i < chunk.length) {
            int n = Math.min(untilFrame, chunk.length - i);
            if (n >= buf.length) {                             // hop > nFft: only the newest nFft samples matter
                System.arraycopy(chunk, i + n - buf.length, buf, 0, buf.length);
                filled = buf.length;
            } else {
                if (filled + n > buf.length) {                 // keep the newest nFft - n samples
                    int drop = filled + n - buf.length;
                    System.arraycopy(buf, drop, buf, 0, filled - drop);
                    filled -= drop;
                }
                System.arraycopy(chunk, i, buf, filled, n);
                filled += n;
            }
            i += n;
            untilFrame -= n;
            if (untilFrame == 0) {
                int[] frame = new int[t.bands];
                fx.frame(buf, 0, frame);
                untilFrame = t.cfg.hop();
                System.arraycopy(history, 1, history, 0, history.length - 1);
                history[history.length - 1] = frame;
                frames++;
                long fpw = history.length;
                if (frames >= fpw && (frames - fpw) % step == 0) out.add(fx.quantize(fx.finish(history)));
            }
        }
        return out;
    }
}
