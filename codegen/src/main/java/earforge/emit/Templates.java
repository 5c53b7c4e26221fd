package earforge.emit;

import java.util.Map;

/** Public access to the firmware templates and C literal formatting, for the board project emitters. */
public final class Templates {
    private Templates() {}

    /** Renders a Freemarker template under firmware-templates/ (same configuration as the model templates). */
    public static String render(String template, Map<String, Object> data) { return CEmitter.render(template, data); }

    /** A plain file under firmware-templates/. */
    public static String resource(String path) { return CEmitter.resource(path); }

    /** Initializer body of a C array (byte/short/int/long/float array), 16/12/8 values per line. */
    public static String arrayBody(Object values) { return CFormat.body(values, false); }

    /** Text that is safe inside a C comment or string literal: printable ASCII without comment delimiters. */
    public static String comment(String s) { return CFormat.comment(s); }
}
