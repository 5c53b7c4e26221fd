package earforge.emit;

import earforge.io.AtomicDirectory;
import earforge.ir.Graph;
import earforge.toolchain.Board;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.TreeMap;

/** `generate`: lowers the model, renders the C and writes the directory atomically. */
public final class Generator {
    private Generator() {}

    /** What `generate` writes: file name to content (sorted). */
    public static TreeMap<String, String> files(CModel m, Board board) {
        TreeMap<String, String> files = CEmitter.render(m, board.name(), board.sources());
        files.put(Manifest.FILE, Manifest.of(m, board.name()).toJson());
        return files;
    }

    /**
     * Writes the generated sources into {@code out}: first into a temporary sibling directory, which is renamed
     * to {@code out} at the end, so {@code out} is never half-written. A non-empty {@code out} is refused unless
     * {@code force}; then the old directory is replaced (it is moved aside and deleted after the rename).
     */
    public static CModel generate(Graph g, Board board, Path out, boolean force) {
        CModel m = Lowering.lower(g);
        write(files(m, board), out, force);
        return m;
    }

    /**
     * The project directory is written by {@link AtomicDirectory}: never half-written, a non-empty {@code out}
     * replaced only with {@code force} and only when it is an earforge project (it has earforge.json), and the old
     * project's {@code user/} folder carried over into the new one.
     */
    public static void write(TreeMap<String, String> files, Path out, boolean force) {
        java.util.Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        for (var e : files.entrySet()) bytes.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
        AtomicDirectory.write(bytes, out, force, Manifest.FILE, USER_DIR);
    }

    /** A generated project's folder for the user's own files: kept across `generate --force`. */
    public static final String USER_DIR = "user";
}
