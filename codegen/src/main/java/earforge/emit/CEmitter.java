package earforge.emit;

import earforge.EarforgeException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link CModel} into C files with the Freemarker templates of firmware-templates/ (model.c, model.h,
 * earforge_params.h) and copies the plain C kernels it uses, with the headers they include. Output depends only
 * on the model: no dates, no paths, no locale.
 */
public final class CEmitter {
    private CEmitter() {}

    static final String ROOT = "/earforge/firmware-templates";
    private static final Pattern INCLUDE = Pattern.compile("^#include \"([A-Za-z0-9_]+\\.h)\"", Pattern.MULTILINE);
    /** Headers the generator writes itself. */
    private static final List<String> GENERATED = List.of("model.h", "earforge_params.h");

    private static final Configuration FTL = configuration();

    private static Configuration configuration() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_33);
        c.setClassForTemplateLoading(CEmitter.class, ROOT);
        c.setDefaultEncoding("UTF-8");
        c.setLocale(Locale.ROOT);
        c.setNumberFormat("computer");
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        return c;
    }

    /** File name to content, sorted by name. {@code runtime} are board sources (paths under firmware-templates/). */
    public static TreeMap<String, String> render(CModel m, String board, List<String> runtime) {
        Map<String, Object> data = data(m, board);
        TreeMap<String, String> files = new TreeMap<>();
        files.put("model.c", render("model.c.ftl", data));
        files.put("model.h", render("model.h.ftl", data));
        files.put("earforge_params.h", render("earforge_params.h.ftl", data));
        Deque<String> todo = new ArrayDeque<>();
        for (String k : m.kernels()) { todo.add("kernels/" + k + ".c"); todo.add("kernels/" + k + ".h"); }
        todo.addAll(runtime);
        while (!todo.isEmpty()) {
            String path = todo.poll();
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (files.containsKey(name)) continue;
            String text = resource(path);
            files.put(name, text);
            Matcher inc = INCLUDE.matcher(text);
            while (inc.find()) {
                String h = inc.group(1);
                if (!GENERATED.contains(h) && !files.containsKey(h)) todo.add("kernels/" + h);
            }
        }
        return files;
    }

    private static Map<String, Object> data(CModel m, String board) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", CFormat.comment(m.name()));
        d.put("board", board);
        d.put("arenaBytes", m.plan().size());
        d.put("constantBytes", m.constantBytes());
        d.put("inputBytes", m.inputBytes());
        d.put("outputBytes", m.outputBytes());
        d.put("planLines", m.planText().lines().map(CFormat::comment).toList());
        d.put("kernels", m.kernels());
        d.put("typedefs", m.typedefs());
        d.put("defines", m.defines());
        d.put("inputs", io(m.inputs()));
        d.put("outputs", io(m.outputs()));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (CModel.Step s : m.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("comment", s.comment());
            x.put("params", s.params() == null ? "" : s.params());
            x.put("code", s.code());
            List<Map<String, Object>> arrays = new ArrayList<>();
            for (CArray a : s.arrays()) {
                Map<String, Object> y = new LinkedHashMap<>();
                y.put("name", a.name());
                y.put("ctype", a.ctype());
                y.put("count", a.count());
                y.put("comment", a.comment() == null ? "" : a.comment());
                y.put("body", a.body());
                arrays.add(y);
            }
            x.put("arrays", arrays);
            steps.add(x);
        }
        d.put("steps", steps);
        return d;
    }

    private static List<Map<String, Object>> io(List<CModel.Io> l) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CModel.Io t : l) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", CFormat.comment(t.name()));
            x.put("shape", Arrays.toString(t.shape()));
            x.put("scale", Float.toString(t.scale()));
            x.put("scaleLiteral", Float.toHexString(t.scale()) + "f");
            x.put("zeroPoint", t.zeroPoint());
            x.put("bytes", t.bytes());
            x.put("arenaOffset", t.arenaOffset());
            x.put("ioOffset", t.ioOffset());
            out.add(x);
        }
        return out;
    }

    static String render(String template, Map<String, Object> data) {
        try {
            Template t = FTL.getTemplate(template);
            StringWriter w = new StringWriter();
            t.process(data, w);
            return w.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("template " + template + ": " + e.getMessage(), e);
        }
    }

    static String resource(String path) {
        try (InputStream in = CEmitter.class.getResourceAsStream(ROOT + "/" + path)) {
            if (in == null) throw EarforgeException.of("firmware template %s is missing from the installation", path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EarforgeException.of("cannot read firmware template %s (%s)", path, e.getMessage());
        }
    }
}
