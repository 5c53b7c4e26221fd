package earforge.emit;

import earforge.dsp.FrontendConfig;
import earforge.dsp.FrontendTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The C front end of a {@link FrontendConfig}: earforge_frontend.c/.h (fixed code, firmware-templates/frontend/) plus
 * frontend_config.h and frontend_tables.c rendered from {@link FrontendTables}, the same integers the Java
 * {@code FixedFrontend} runs on.
 */
public final class FrontendEmitter {
    private FrontendEmitter() {}

    /** Frames between model input windows: max(1, round(framesPerWindow * (1 - overlap))) as in Framing/Streaming. */
    public static int windowStep(FrontendConfig c) {
        return Math.max(1, (int) Math.round(c.framesPerWindow() * (1 - c.windowOverlap())));
    }

    /**
     * File name to content. {@code transpose}: the model input is [channels][frames] rather than [frames][channels].
     */
    public static TreeMap<String, String> files(FrontendConfig c, boolean transpose) {
        FrontendTables t = new FrontendTables(c);
        List<Map<String, Object>> tables = new ArrayList<>();
        table(tables, "ef_fe_fft_window", fftWindowBlocks(t), "per pair of FFT input groups 2h, 2h + 1: the first "
            + "sample of group 2h (group 2h + 1 starts M/4 later), then the 16 window values (periodic Hann at the window "
            + "offset, zero elsewhere, Q28) in the order the first FFT stage reads them");
        if (t.fftTw.length > 0) table(tables, "ef_fe_fft_tw", t.fftTw, "radix-4 stage twiddles W^j, W^3j, W^2j (re, im), Q30");
        table(tables, "ef_fe_split_tw", t.splitTw, "split twiddles W_N^k (re, im) at [2k], Q31");
        int[] mel = melWords(t);
        int[] band = new int[t.bands];
        for (int b = 0; b < t.bands; b++) band[b] = t.melStart[b] | (t.melCount[b] + 1) / 2 << 16;
        table(tables, "ef_fe_mel_band", band,
            "per mel band: first FFT bin | pairs of ef_fe_mel_weight << 16 (the bands' weights follow each other)");
        table(tables, "ef_fe_mel_weight", mel, "sparse mel weights, Q15, each band padded to an even count with 0");
        table(tables, "ef_fe_log_band", t.logBand, "per band: log2 of the band norm in output units - ref, Q20, + 8");
        table(tables, "ef_fe_log_table", t.logTable, "pairs (T[i], T[i + 1] - T[i]), T[i] = log2(1 + i/256) in output units, Q20");
        if (t.dct.length > 0) table(tables, "ef_fe_dct", t.dct, "DCT-II [coef][band], Q30");
        table(tables, "ef_fe_quant_mul", t.quantMul, "int8 mapping multiplier per channel (>> 40)");
        table(tables, "ef_fe_quant_offset", t.quantOffset, "int8 mapping offset per channel (>> 40)");

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", CFormat.comment(c.name()));
        d.put("summary", CFormat.comment(c.summary()));
        d.put("sampleRate", c.sampleRate());
        d.put("nFft", t.nFft);
        d.put("bins", t.bins);
        d.put("melBinEnd", melBinEnd(t));
        d.put("frameLength", t.frameLength);
        d.put("windowOffset", t.windowOffset);
        d.put("hop", c.hop());
        d.put("bands", t.bands);
        d.put("coeffs", t.coeffs);
        d.put("channels", t.channels);
        d.put("power", t.power);
        d.put("fftTwLen", t.fftTw.length);
        d.put("firstRadix", earforge.dsp.FixedFft.firstRadix(t.nFft));
        d.put("unitShift", t.unitShift);
        d.put("logK", t.logK);
        d.put("floorQ16", t.floorQ16);
        d.put("topDbQ16", t.topDbQ16);
        d.put("quantShift", FrontendTables.QUANT_SHIFT);
        d.put("framesPerWindow", c.framesPerWindow());
        d.put("overlap", Double.toString(c.windowOverlap()));
        d.put("windowStep", windowStep(c));
        d.put("transpose", transpose ? 1 : 0);
        d.put("melWeights", mel.length);
        d.put("tables", tables);
        TreeMap<String, String> files = new TreeMap<>();
        files.put("frontend_config.h", CEmitter.render("frontend/frontend_config.h.ftl", d));
        files.put("frontend_tables.c", CEmitter.render("frontend/frontend_tables.c.ftl", d));
        files.put("earforge_frontend.h", CEmitter.resource("frontend/earforge_frontend.h"));
        files.put("earforge_frontend.c", CEmitter.resource("frontend/earforge_frontend.c"));
        return files;
    }

    /**
     * The mel weights as the C reads them, one uint32_t per bin and each band padded to an even count with 0 (the C
     * loads two weights and two bins at a time, LDRD each; the bands follow each other).
     */
    static int[] melWords(FrontendTables t) {
        int words = 0;
        for (int b = 0; b < t.bands; b++) words += (t.melCount[b] + 1) / 2 * 2;
        int[] w = new int[words];
        for (int b = 0, at = 0; b < t.bands; at += (t.melCount[b] + 1) / 2 * 2, b++) {
            System.arraycopy(t.melWeight, t.melOffset[b], w, at, t.melCount[b]);
        }
        return w;
    }

    /** One past the last FFT bin with a nonzero mel weight: the C computes no power at or above it but for k <= N/4. */
    public static int melBinEnd(FrontendTables t) {
        int end = 0;
        for (int b = 0; b < t.bands; b++) if (t.melCount[b] > 0) end = Math.max(end, t.melStart[b] + t.melCount[b]);
        return end;
    }

    /**
     * Bins whose power (or magnitude) the C computes: 0 .. N/4 and, above, those below {@link #melBinEnd} (the split
     * step pairs k with N/2 - k, see EF_K0 in earforge_frontend.c).
     */
    public static int binsComputed(FrontendTables t) {
        int m = t.nFft / 2, end = melBinEnd(t);
        int k0 = Math.max(1, Math.min(m / 2, m + 1 - end));
        return m / 2 + 1 + (m / 2 - k0) + (end > m ? 1 : 0);
    }

    /** fftStart[2h] and fftWindow[16h .. 16h + 16) per h: one pointer walks both (fftStart[2h + 1] = fftStart[2h] + M/4). */
    static int[] fftWindowBlocks(FrontendTables t) {
        int pairs = t.fftStart.length / 2, quarter = t.nFft / 8;
        int[] out = new int[17 * pairs];
        for (int h = 0; h < pairs; h++) {
            if (t.fftStart[2 * h + 1] != t.fftStart[2 * h] + quarter) throw new IllegalStateException("fftStart order");
            out[17 * h] = t.fftStart[2 * h];
            System.arraycopy(t.fftWindow, 16 * h, out, 17 * h + 1, 16);
        }
        return out;
    }

    /** Constant bytes of frontend_tables.c. */
    public static long tableBytes(FrontendConfig c) {
        FrontendTables t = new FrontendTables(c);
        return 4L * (t.fftWindow.length + t.fftTw.length + t.splitTw.length + 2L * t.bands
            + t.logTable.length + t.dct.length + t.quantMul.length + melWords(t).length + t.fftStart.length / 2)
            + 8L * t.quantOffset.length;
    }

    private static void table(List<Map<String, Object>> out, String name, Object values, String comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        String ctype = CFormat.elementType(values);
        if (name.equals("ef_fe_mel_weight") || name.equals("ef_fe_mel_band")) ctype = "uint32_t";
        m.put("ctype", ctype);
        m.put("count", CFormat.length(values));
        m.put("comment", comment);
        m.put("body", CFormat.body(values, false));
        out.add(m);
    }
}
