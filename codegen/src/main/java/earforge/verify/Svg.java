package earforge.verify;

import java.util.List;
import java.util.Locale;

/** Small inline-SVG charts for the report (no scripts, no external resources). */
final class Svg {
    private Svg() {}

    static final String FLOAT = "#4e79a7", INT8 = "#f28e2b";

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String f(String fmt, Object... a) { return String.format(Locale.ROOT, fmt, a); }

    /** Grouped bars of two series in [0, 1] (float, int8) per group, with a 0-100 % axis. */
    static String groupedPercent(String id, List<String> groups, double[] a, double[] b, String nameA, String nameB) {
        int h = 240, top = 20, bottom = 40, left = 50, gw = Math.max(60, 480 / Math.max(1, groups.size()));
        int w = left + gw * groups.size() + 20, plot = h - top - bottom;
        StringBuilder s = new StringBuilder(f("<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "role=\"img\" font-family=\"sans-serif\" font-size=\"11\">", id, w, h + 20));
        for (int p = 0; p <= 100; p += 20) {
            double y = top + plot * (1 - p / 100.0);
            s.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, w - 20, y, y));
            s.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", left - 4, y + 4, p));
        }
        for (int g = 0; g < groups.size(); g++) {
            double x = left + g * gw + gw * 0.15, bw = gw * 0.33;
            bar(s, x, top, plot, bw, a[g], FLOAT);
            bar(s, x + bw, top, plot, bw, b[g], INT8);
            s.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", left + g * gw + gw / 2.0, top + plot + 14, esc(groups.get(g))));
        }
        legend(s, left, h + 8, nameA, nameB);
        return s.append("</svg>").toString();
    }

    private static void bar(StringBuilder s, double x, int top, int plot, double bw, double v, String colour) {
        double bh = plot * Math.max(0, Math.min(1, v));
        s.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%.2f%%</title></rect>", x, top + plot - bh,
            bw - 2, bh, colour, 100 * v));
        String label = v >= 0.9995 ? "100" : f("%.1f", 100 * v);
        s.append(f("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\">%s</text>", x + bw / 2 - 1, top + plot - bh - 3, label));
    }

    private static void legend(StringBuilder s, int x, int y, String a, String b) {
        s.append(f("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>", x, y - 9, FLOAT, x + 14, y, esc(a)));
        s.append(f("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>", x + 120, y - 9, INT8, x + 134, y, esc(b)));
    }

    /** Confusion matrix heat map: rows = true class, columns = predicted, colour = share of the row, counts printed. */
    static String confusion(String id, String title, int[][] m, List<String> labels) {
        int n = m.length, cell = Math.max(18, Math.min(34, 340 / Math.max(1, n))), left = 110, top = 30;
        int longest = 0;
        for (String l : labels) longest = Math.max(longest, l.length());
        int w = left + n * cell + 10, h = top + n * cell + 16 + (int) (Math.min(longest, 24) * 5.5);
        StringBuilder s = new StringBuilder(f("<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "role=\"img\" font-family=\"sans-serif\" font-size=\"10\">", id, w, h));
        s.append(f("<text x=\"%d\" y=\"14\" font-size=\"12\" font-weight=\"bold\">%s</text>", left, esc(title)));
        for (int i = 0; i < n; i++) {
            int total = 0;
            for (int v : m[i]) total += v;
            s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 4, top + i * cell + cell / 2 + 4, esc(labels.get(i))));
            for (int j = 0; j < n; j++) {
                double share = total == 0 ? 0 : (double) m[i][j] / total;
                String fill = i == j ? f("rgba(78,121,167,%.2f)", 0.08 + 0.92 * share) : f("rgba(225,87,89,%.2f)", share == 0 ? 0 : 0.15 + 0.85 * share);
                s.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#eee\"><title>%s -> %s: %d</title></rect>",
                    left + j * cell, top + i * cell, cell, cell, fill, esc(labels.get(i)), esc(labels.get(j)), m[i][j]));
                if (m[i][j] != 0) {
                    s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%d</text>", left + j * cell + cell / 2,
                        top + i * cell + cell / 2 + 4, share > 0.6 ? "#fff" : "#000", m[i][j]));
                }
            }
        }
        for (int j = 0; j < n; j++) {
            int x = left + j * cell + cell / 2, y = top + n * cell + 6;
            s.append(f("<text transform=\"translate(%d,%d) rotate(60)\">%s</text>", x - 3, y, esc(labels.get(j))));
        }
        return s.append("</svg>").toString();
    }

    /** Horizontal bars with labels; values on a linear scale from 0 to max (negative values drawn as 0). */
    static String hbars(String id, List<String> names, double[] v, String unit, String colour) {
        int rowH = 18, left = 260, width = 360, top = 10;
        double max = 0;
        for (double x : v) if (Double.isFinite(x)) max = Math.max(max, x);
        if (max == 0) max = 1;
        int h = top + names.size() * rowH + 10;
        StringBuilder s = new StringBuilder(f("<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "role=\"img\" font-family=\"sans-serif\" font-size=\"11\">", id, left + width + 90, h));
        for (int i = 0; i < names.size(); i++) {
            int y = top + i * rowH;
            double x = Double.isFinite(v[i]) ? Math.max(0, v[i]) : max;
            s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6, y + 12, esc(names.get(i))));
            s.append(f("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", left, y + 2, width * x / max, rowH - 5, colour));
            String label = Double.isFinite(v[i]) ? f("%,.1f %s", v[i], unit) : "exact";
            s.append(f("<text x=\"%.1f\" y=\"%d\">%s</text>", left + width * x / max + 4, y + 12, esc(label)));
        }
        return s.append("</svg>").toString();
    }
}
