package earforge.cli;

import earforge.EarforgeException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/** A feature matrix [frames][channels] as a PNG: time axis, channel axis, title and a labelled colour bar (viridis). */
final class SpectrogramPng {
    private SpectrogramPng() {}

    // viridis sampled at 0, 1/8, ..., 1
    private static final int[] VIRIDIS = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779,
        0x6ece58, 0xfde725};

    static Color colour(double t) {
        t = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) t, VIRIDIS.length - 2);
        double f = t - i;
        int a = VIRIDIS[i], b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return new Color(r, g, bl);
    }

    /**
     * @param secondsPerFrame hop / sample rate
     * @param channelLabel    tick label of channel i (e.g. its centre frequency)
     */
    static void write(Path out, double[][] v, double secondsPerFrame, String title, String yLabel,
                      IntFunction<String> channelLabel, String unit) {
        int frames = v.length, ch = v.length == 0 ? 0 : v[0].length;
        if (frames == 0 || ch == 0) throw EarforgeException.of("%s: nothing to draw (no frames)", out);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] r : v) for (double x : r) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        if (hi - lo < 1e-9) { hi = lo + 1; }
        int pw = Math.max(480, Math.min(1400, frames * 3)), ph = Math.max(240, Math.min(480, ch * 6));
        int left = 90, right = 110, top = 40, bottom = 56;
        int w = left + pw + right, h = top + ph + bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        // cells: frame t -> x, channel 0 at the bottom
        for (int px = 0; px < pw; px++) {
            int t = (int) ((long) px * frames / pw);
            for (int py = 0; py < ph; py++) {
                int c = (int) ((long) (ph - 1 - py) * ch / ph);
                img.setRGB(left + px, top + py, colour((v[t][c] - lo) / (hi - lo)).getRGB());
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, left + (pw - fm.stringWidth(title)) / 2, top - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        fm = g.getFontMetrics();
        // x axis: seconds
        double total = frames * secondsPerFrame;
        double step = niceStep(total / 8);
        for (double s = 0; s <= total + 1e-9; s += step) {
            int x = left + (int) Math.round(s / total * pw);
            g.drawLine(x, top + ph, x, top + ph + 5);
            String lab = fmt(s, step);
            g.drawString(lab, x - fm.stringWidth(lab) / 2, top + ph + 18);
        }
        String xl = "time (s)";
        g.drawString(xl, left + (pw - fm.stringWidth(xl)) / 2, top + ph + 40);
        // y axis: channels
        int ystep = Math.max(1, (int) niceStep(ch / 8.0));
        for (int c = 0; c < ch; c += ystep) {
            int y = top + ph - (int) Math.round((c + 0.5) * ph / ch);
            g.drawLine(left - 5, y, left, y);
            String lab = channelLabel.apply(c);
            g.drawString(lab, left - 8 - fm.stringWidth(lab), y + 4);
        }
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + (ph + fm.stringWidth(yLabel)) / 2), 18);
        g.setTransform(saved);
        // colour bar
        int bx = left + pw + 24, bw = 16;
        for (int py = 0; py < ph; py++) {
            g.setColor(colour(1 - (double) py / (ph - 1)));
            g.drawLine(bx, top + py, bx + bw, top + py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(bx, top, bw, ph);
        double cstep = niceStep((hi - lo) / 6);
        for (double c = Math.ceil(lo / cstep) * cstep; c <= hi + 1e-9; c += cstep) {
            int y = top + ph - (int) Math.round((c - lo) / (hi - lo) * ph);
            g.drawLine(bx + bw, y, bx + bw + 4, y);
            g.drawString(fmt(c, cstep), bx + bw + 7, y + 4);
        }
        g.drawString(unit, bx, top + ph + 18);
        g.dispose();
        try {
            ImageIO.write(img, "png", out.toFile());
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot write (%s)", out, e.getMessage());
        }
    }

    static double niceStep(double raw) {
        if (raw <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }

    private static String fmt(double v, double step) {
        if (Math.abs(v) < 1e-9) v = 0;
        int dec = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        return String.format(Locale.ROOT, "%." + dec + "f", v);
    }
}
