package earforge;

/**
 * Every user-facing failure: the message is one line that names the cause. The CLI prints it and exits 2.
 * Messages often quote the input (tensor names, layer names, JSON keys), so the constructor makes them one printable
 * line whatever the input holds: control characters and line separators are escaped ({@code \n}, {@code \u0000}),
 * and a message longer than {@link #MAX_MESSAGE} characters is cut.
 */
public class EarforgeException extends RuntimeException {
    public static final int MAX_MESSAGE = 2000;

    public EarforgeException(String message) { super(oneLine(message)); }
    public EarforgeException(String message, Throwable cause) { super(oneLine(message), cause); }

    public static EarforgeException of(String fmt, Object... args) {
        return new EarforgeException(String.format(fmt, args));
    }

    /** The message as one printable line: control characters escaped, at most MAX_MESSAGE characters. */
    static String oneLine(String m) {
        if (m == null) return "unknown error";
        StringBuilder b = null;
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            boolean bad = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (bad && b == null) b = new StringBuilder(m.length() + 16).append(m, 0, i);
            if (b == null) continue;
            if (!bad) b.append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else b.append(String.format("\\u%04x", (int) c));
        }
        String s = b == null ? m : b.toString();
        if (s.length() > MAX_MESSAGE) s = s.substring(0, MAX_MESSAGE) + "... (" + (s.length() - MAX_MESSAGE) + " more characters)";
        return s;
    }
}
