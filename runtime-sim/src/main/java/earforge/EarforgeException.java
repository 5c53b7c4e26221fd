package earforge;

/** Every user-facing failure: the message is one line that names the cause. The CLI prints it and exits 2. */
public class EarforgeException extends RuntimeException {
    public EarforgeException(String message) { super(message); }
    public EarforgeException(String message, Throwable cause) { super(message, cause); }

    public static EarforgeException of(String fmt, Object... args) {
        return new EarforgeException(String.format(fmt, args));
    }
}
