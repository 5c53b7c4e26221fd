package earforge.emit;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.toolchain.Board;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.TreeMap;
import java.util.stream.Stream;

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

    public static void write(TreeMap<String, String> files, Path out, boolean force) {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) throw EarforgeException.of("%s: cannot write into the file system root", out);
        boolean exists = Files.exists(target);
        if (exists && !Files.isDirectory(target)) throw EarforgeException.of("%s exists and is not a directory", out);
        if (exists && !force && !isEmpty(target)) throw EarforgeException.of("%s is not empty (use --force to replace it)", out);
        Path tmp = null, old = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            for (var e : files.entrySet()) Files.write(tmp.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
            if (exists) {
                old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
                Files.delete(old);
                move(target, old);
            }
            move(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot write (%s)", out, e.getMessage());
        } finally {
            if (tmp != null) deleteTree(tmp);
            if (old != null) deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot list (%s)", dir, e.getMessage());
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }
                @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot delete (%s)", root, e.getMessage());
        }
    }
}
