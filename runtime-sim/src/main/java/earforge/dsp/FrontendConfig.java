package earforge.dsp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import earforge.EarforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The audio front end that travels with a model ({@code frontend.json}). Semantics (float reference = librosa unless a
 * field says otherwise):
 * <ul>
 * <li>Audio is scaled to [-1, 1): int16 / 32768 (librosa.load).</li>
 * <li>{@code center}: pad nFft/2 samples on both sides ({@code padMode} "constant" = zeros, librosa >= 0.10 default;
 *     "reflect" = librosa < 0.10 default) and frame t starts at t*hop in the padded signal. Frame count
 *     1 + (len - nFft) / hop (floor), 0 if shorter than nFft.</li>
 * <li>{@code framing} "librosa": a frame spans nFft samples and the periodic Hann window of frameLength sits in its
 *     centre (librosa pad_center, offset (nFft - frameLength) / 2). "tf": the window starts at the frame start and the
 *     frame is zero-padded at the end (tf.signal.stft). Magnitudes are identical; only the sample alignment differs.</li>
 * <li>{@code melScale} "slaney" / "htk": librosa.filters.mel (triangles linear in Hz between mel-spaced edges);
 *     "tf": tf.signal.linear_to_mel_weight_matrix (HTK formula 1127 ln(1 + f/700), triangles linear in mel, DC bin
 *     zero). {@code melNorm} "slaney" divides each triangle by half its Hz width (2 / (f[i+2] - f[i])), "none".</li>
 * <li>{@code power} 2 = power spectrum |X|^2, 1 = magnitude |X|.</li>
 * <li>{@code logType} "ln": ln(max(mel, logFloor)); "db": 10 log10(max(mel, logFloor)) - 10 log10(max(dbRef,
 *     logFloor)) (librosa.power_to_db). {@code topDb}: out = max(out, max(out) - topDb) over the matrix given to
 *     {@code finish} (one analysis window on the device, the whole clip in `earforge features`); it is in the
 *     log units of {@code logType}. Note: MLPerf's KWS script uses ln(mel + 1e-6); a floor differs from that
 *     offset only for bands within a few dB of 1e-6, i.e. digital silence, where both give ln(1e-6).</li>
 * <li>{@code dct} = N &gt; 0: MFCC = DCT-II of the (floored, top-dB-clipped) log-mel, first N coefficients.
 *     {@code dctNorm} "ortho" (scipy/librosa norm='ortho') or "tf" (tf.signal.mfccs_from_log_mel_spectrograms:
 *     ortho but coefficient 0 larger by sqrt 2).</li>
 * <li>{@code framesPerWindow}, {@code windowOverlap}: model input windows (frames) and their overlap fraction.</li>
 * <li>int8 model input, per output channel c (band or coefficient):
 *     q = clamp(floor((v - normMean[c]) / normStd[c] / inputScale + 0.5) + inputZeroPoint, -128, 127);
 *     normMean/normStd are optional (null = 0 / 1).</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FrontendConfig(String name, int sampleRate, int frameLength, int hop, int nFft, String window,
                             boolean center, String padMode, String framing, int melBands, double fmin, double fmax,
                             String melScale, String melNorm, double power, String logType, double logFloor,
                             double dbRef, Double topDb, int dct, String dctNorm, int framesPerWindow,
                             double windowOverlap, double[] normMean, double[] normStd, double inputScale,
                             int inputZeroPoint) {

    public static final List<String> PRESETS = List.of("sbcnn", "kws");

    /** Channels per frame of the final features: MFCC count or mel bands. */
    @JsonIgnore
    public int channels() { return dct > 0 ? dct : melBands; }

    @JsonIgnore
    public boolean isDb() { return logType.equals("db"); }

    /**
     * SB-CNN as in Nordby's thesis (jonnor/ESC-CNN-microcontroller, librosa 0.6 melspectrogram defaults: centre with
     * reflect padding, Slaney mel and norm, power 2, power_to_db with top_db 80 per window). int8: 0.55 dB per step,
     * zero point 54: -128 = -100.1 dB (the 1e-10 floor), 127 = +40.2 dB. ESC-10 spans -100 .. +31.8 dB (99.9th
     * percentile +18.5 dB), a full-scale 1 kHz tone reaches +30.6 dB.
     */
    public static FrontendConfig sbcnn() {
        return new FrontendConfig("sbcnn", 22050, 1024, 512, 1024, "hann", true, "reflect", "librosa", 60, 0, 11025,
            "slaney", "slaney", 2.0, "db", 1e-10, 1.0, 80.0, 0, "ortho", 41, 0.5, null, null, 0.55, 54);
    }

    /**
     * MLPerf Tiny KWS (DS-CNN, 49 x 10 MFCC): tf.signal.stft 480/320/512 magnitude, TF mel matrix 40 bands 20-4000 Hz,
     * ln, TF MFCC, first 10. int8 = the input quantization of kws_ref_model_int8.tflite (scale 0.584703, zp 83).
     */
    public static FrontendConfig kws() {
        return new FrontendConfig("kws", 16000, 480, 320, 512, "hann", false, "constant", "tf", 40, 20, 4000,
            "tf", "none", 1.0, "ln", 1e-6, 1.0, null, 10, "tf", 49, 0.5, null, null, 0.584703, 83);
    }

    public static FrontendConfig preset(String name) {
        return switch (name) {
            case "sbcnn" -> sbcnn();
            case "kws" -> kws();
            default -> throw EarforgeException.of("unknown front-end preset '%s' (presets: %s)", name, PRESETS);
        };
    }

    /** A preset name or a path to a frontend.json. */
    public static FrontendConfig load(String presetOrPath) {
        if (PRESETS.contains(presetOrPath)) return preset(presetOrPath);
        Path p = Path.of(presetOrPath);
        if (!Files.isRegularFile(p)) {
            throw EarforgeException.of("front end '%s' is neither a preset (%s) nor a file", presetOrPath, PRESETS);
        }
        try {
            return fromJson(Files.readString(p), p.toString());
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", p, e.getMessage());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Parses and validates; missing optional fields take the defaults of {@link Json}. */
    public static FrontendConfig fromJson(String text, String source) {
        Json j;
        try {
            j = JSON.readValue(text, Json.class);
        } catch (UnrecognizedPropertyException e) {
            throw EarforgeException.of("%s: unknown field '%s'", source, e.getPropertyName());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw EarforgeException.of("%s: invalid front-end JSON%s (%s)", source,
                loc != null && loc.getLineNr() > 0 ? String.format(" at line %d, column %d", loc.getLineNr(), loc.getColumnNr()) : "",
                String.valueOf(e.getOriginalMessage()).split("\n")[0]);
        }
        if (j == null) throw EarforgeException.of("%s: empty front-end JSON", source);
        FrontendConfig c = new FrontendConfig(j.name, j.sampleRate, j.frameLength, j.hop, j.nFft, j.window, j.center,
            j.padMode, j.framing, j.melBands, j.fmin, j.fmax == null ? j.sampleRate / 2.0 : j.fmax, j.melScale,
            j.melNorm, j.power, j.logType, j.logFloor, j.dbRef, j.topDb, j.dct, j.dctNorm, j.framesPerWindow,
            j.windowOverlap, j.normMean, j.normStd, j.inputScale, j.inputZeroPoint);
        return c.validate(source);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void save(Path p) {
        try {
            Files.writeString(p, toJson() + "\n");
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot write (%s)", p, e.getMessage());
        }
    }

    /** Every field checked; the message names the field. Bounds keep the fixed-point pipeline free of overflow. */
    public FrontendConfig validate(String src) {
        req(src, sampleRate >= 1000 && sampleRate <= 384000, "sampleRate %d out of range 1000..384000", sampleRate);
        req(src, nFft >= 16 && nFft <= 8192 && Integer.bitCount(nFft) == 1, "nFft %d must be a power of two 16..8192", nFft);
        req(src, frameLength >= 2 && frameLength <= nFft, "frameLength %d must be 2..nFft (%d)", frameLength, nFft);
        req(src, hop >= 1 && hop <= 1 << 20, "hop %d must be 1..1048576", hop);
        req(src, "hann".equals(window), "window '%s' unsupported (hann)", window);
        req(src, "constant".equals(padMode) || "reflect".equals(padMode), "padMode '%s' (constant|reflect)", padMode);
        req(src, "librosa".equals(framing) || "tf".equals(framing), "framing '%s' (librosa|tf)", framing);
        req(src, melBands >= 1 && melBands <= 128, "melBands %d must be 1..128", melBands);
        req(src, fmin >= 0 && fmax > fmin && fmax <= sampleRate / 2.0, "need 0 <= fmin < fmax <= sampleRate/2 (fmin %s, fmax %s)",
            fmin, fmax);
        req(src, melScale != null && List.of("slaney", "htk", "tf").contains(melScale), "melScale '%s' (slaney|htk|tf)", melScale);
        req(src, "slaney".equals(melNorm) || "none".equals(melNorm), "melNorm '%s' (slaney|none)", melNorm);
        req(src, power == 1.0 || power == 2.0, "power %s must be 1 (magnitude) or 2 (power)", power);
        req(src, "ln".equals(logType) || "db".equals(logType), "logType '%s' (ln|db)", logType);
        // The floor bounds the log range: |value| < 2^9 log units keeps the Q16 DCT sums inside int64.
        req(src, logFloor >= 1e-30 && logFloor <= 1.0, "logFloor %s must be 1e-30..1", logFloor);
        req(src, dbRef >= 1e-10 && dbRef <= 1e10, "dbRef %s must be 1e-10..1e10", dbRef);
        req(src, topDb == null || (topDb > 0 && topDb <= 300), "topDb %s must be 0..300 or absent", topDb);
        req(src, dct >= 0 && dct <= melBands, "dct %d must be 0..melBands (%d)", dct, melBands);
        req(src, "ortho".equals(dctNorm) || "tf".equals(dctNorm), "dctNorm '%s' (ortho|tf)", dctNorm);
        // bounded so that a window (framesPerWindow x channels values) can be allocated
        req(src, framesPerWindow >= 1 && framesPerWindow <= 100_000, "framesPerWindow %d must be 1..100000", framesPerWindow);
        req(src, windowOverlap >= 0 && windowOverlap < 1, "windowOverlap %s must be in [0, 1)", windowOverlap);
        req(src, (normMean == null) == (normStd == null), "normMean and normStd go together");
        if (normMean != null) {
            req(src, normMean.length == channels() && normStd.length == channels(),
                "normMean/normStd need %d values (one per output channel)", channels());
            for (double s : normStd) req(src, s > 0 && Double.isFinite(s), "normStd values must be > 0");
            for (double m : normMean) req(src, Double.isFinite(m), "normMean values must be finite");
        }
        req(src, inputScale > 1e-6 && inputScale < 1e6, "inputScale %s out of range", inputScale);
        req(src, inputZeroPoint >= -128 && inputZeroPoint <= 127, "inputZeroPoint %d must be -128..127", inputZeroPoint);
        return this;
    }

    private static void req(String src, boolean ok, String fmt, Object... args) {
        if (!ok) throw new EarforgeException(src + ": " + String.format(Locale.ROOT, fmt, args));
    }

    public String summary() {
        return String.format(Locale.ROOT, "%s: %d Hz, frame %d, hop %d, nFft %d, %d %s mel %.0f-%.0f Hz, %s, %s%s, %d x %d",
            name, sampleRate, frameLength, hop, nFft, melBands, melScale, fmin, fmax, power == 2 ? "power" : "magnitude",
            logType, dct > 0 ? ", " + dct + " MFCC" : "", framesPerWindow, channels());
    }

    @Override public boolean equals(Object o) {
        return o instanceof FrontendConfig c && toJson().equals(c.toJson());
    }

    @Override public int hashCode() { return toJson().hashCode(); }

    @Override public String toString() { return summary(); }

    /** JSON shape with defaults for the optional fields. */
    static final class Json {
        public String name = "custom";
        public int sampleRate;
        public int frameLength;
        public int hop;
        public int nFft;
        public String window = "hann";
        public boolean center = false;
        public String padMode = "constant";
        public String framing = "librosa";
        public int melBands;
        public double fmin = 0;
        public Double fmax;
        public String melScale = "slaney";
        public String melNorm = "slaney";
        public double power = 2.0;
        public String logType = "ln";
        public double logFloor = 1e-10;
        public double dbRef = 1.0;
        public Double topDb;
        public int dct = 0;
        public String dctNorm = "ortho";
        public int framesPerWindow = 1;
        public double windowOverlap = 0;
        public double[] normMean;
        public double[] normStd;
        public double inputScale = 1.0;
        public int inputZeroPoint = 0;
    }
}
