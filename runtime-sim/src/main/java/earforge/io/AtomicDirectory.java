package earforge.io;

import earforge.EarforgeException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a whole output directory (a generated project, a report) so that it is never half-written: every file goes
 * into a temporary sibling directory, which then replaces {@code out} by renames. An existing non-empty {@code out}
 * is replaced only with {@code force}, and only when it holds {@code marker} (so that --force never deletes a folder
 * earforge did not write). The folder {@code keep} of the old directory (a project's {@code user/}) is copied into
 * the new one before the swap: user edits survive re-generation. If the final rename fails, the old directory is
 * put back.
 */
public final class AtomicDirectory {
    private AtomicDirectory() {}

    /**
     * @param files  relative path (may name subfolders) to content
     * @param marker file that identifies a directory earforge wrote (null: any directory may be replaced)
     * @param keep   subfolder carried over from the old directory, or null
     */
    public static void write(Map<String, byte[]> files, Path out, boolean force, String marker, String keep) {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) throw EarforgeException.of("%s: cannot write into the file system root", out);
        checkReplaceable(out, force, marker);
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        Path tmp = null, old = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            try {   // temp dirs are created rwx------; an output directory gets the usual rwxr-xr-x
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            for (var e : files.entrySet()) {
                Path f = tmp.resolve(e.getKey()).normalize();
                if (!f.startsWith(tmp)) throw new IllegalArgumentException("file name outside the directory: " + e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
                AtomicFiles.makeReadable(f);
            }
            Path kept = keep == null ? null : target.resolve(keep);
            if (exists && kept != null && Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) {
                Path dst = tmp.resolve(keep);
                if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) deleteTree(dst);   // the user's version wins
                if (Files.isSymbolicLink(kept)) Files.copy(kept, dst, LinkOption.NOFOLLOW_LINKS);   // a link stays a link
                else copyTree(kept, dst);
            }
            if (exists) {
                old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
                Files.delete(old);
                move(target, old);
            }
            try {
                move(tmp, target);
            } catch (IOException e) {
                if (old != null) {   // put the previous directory back: never leave the user without one
                    move(old, target);
                    old = null;
                }
                throw e;
            }
            tmp = null;
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot write (%s)", out, e.getMessage());
        } finally {
            if (tmp != null) deleteTree(tmp);
            if (old != null) deleteTree(old);
        }
    }

    /** Refuses (before any work) an output directory that may not be replaced; see {@link #write}. */
    public static void checkReplaceable(Path out, boolean force, String marker) {
        Path target = out.toAbsolutePath().normalize();
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw EarforgeException.of("%s exists and is not a directory", out);
        if (isEmpty(target)) return;
        if (!force) throw EarforgeException.of("%s is not empty (use --force to replace it)", out);
        if (marker != null && !Files.isRegularFile(target.resolve(marker))) {
            throw EarforgeException.of("%s is not empty and has no %s: not an earforge output, refusing to replace it even with --force",
                out, marker);
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

    /** Copies a tree, symbolic links as links, keeping file attributes. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }
                @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) throw e;
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot delete (%s)", root, e.getMessage());
        }
    }
}
