package earforge.eval;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar for long runs, redrawn in place with '\r', only when the user looks at a terminal:
 * the launcher (whose stderr is piped through a filter) passes the terminal device in EARFORGE_PROGRESS_TTY when its
 * own stderr is a TTY; a direct `java -jar` run draws on stderr when /proc/self/fd/2 is a terminal device.
 * System property earforge.progress=stderr forces it onto System.err (tests), =off disables it. Redraws at most
 * every 200 ms.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public static Progress start(String label, int total) { return new Progress(terminal(), label, total); }

    public boolean enabled() { return out != null; }

    private static PrintStream terminal() {
        String mode = System.getProperty("earforge.progress", "auto");
        if (mode.equals("off")) return null;
        if (mode.equals("stderr")) return System.err;
        String dev = System.getenv("EARFORGE_PROGRESS_TTY");
        if (dev != null && !dev.isBlank()) {
            try {
                return new PrintStream(new FileOutputStream(dev), true);
            } catch (IOException | SecurityException e) {
                return null;
            }
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") ? System.err : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    public void update(int done, String note) {
        if (out == null) return;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 200_000_000L && drawn) return;
        lastDraw = now;
        drawn = true;
        int width = 30, fill = total == 0 ? width : (int) ((long) width * done / total);
        double secs = (now - start) / 1e9;
        String eta = done == 0 || done >= total ? "" : String.format(Locale.ROOT, "  eta %s", time(secs / done * (total - done)));
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %s%s\033[K", label, "#".repeat(fill), ".".repeat(width - fill), done,
            total, note == null ? "" : note, eta));
        out.flush();
    }

    private static String time(double s) {
        long t = Math.round(s);
        return t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }

    /** Ends the line (the bar stays as the last state). */
    @Override public void close() {
        if (out != null && drawn) {
            out.print("\n");
            out.flush();
        }
        if (out != null && out != System.err) out.close();
    }
}
