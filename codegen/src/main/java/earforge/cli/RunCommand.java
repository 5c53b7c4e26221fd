package earforge.cli;

import earforge.EarforgeException;
import earforge.boards.BoardRun;
import earforge.boards.ProjectInfo;
import earforge.emit.Manifest;
import earforge.io.Npy;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import earforge.sim.Batches;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Runs a built model on .npy inputs (same N-batch rule as simulate): on the host, or on a virtual board in QEMU.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "directory written by generate and compiled by build") Path dir;
    @Option(names = "--input", required = true, description = "IN.npy (int8); repeat per model input") List<Path> inputs;
    @Option(names = "--output", required = true, description = "OUT.npy; repeat per model output") List<Path> outputs;
    @Option(names = "--timeout", defaultValue = "600", description = "seconds, default ${DEFAULT-VALUE}") long timeout;
    @Option(names = "--profile", description = "virtual boards: instructions per layer and front-end stage (QEMU -icount)")
    boolean profile;

    @Override public Integer call() {
        Manifest m = Manifest.read(dir);
        Board board = Board.load(m.board());
        ProjectInfo info = board.isHost() ? null : ProjectInfo.read(dir);
        if (!board.isHost() && !board.isVirtual()) {
            throw EarforgeException.of("%s is a real board: flash it with 'earforge flash %s'; run takes virtual boards (qemu-*) and host",
                board.name(), dir);
        }
        if (!board.isHost() && info == null) throw EarforgeException.of("%s: no %s (regenerate the project)", dir, ProjectInfo.FILE);
        if (profile && board.isHost()) throw new EarforgeException("--profile needs a virtual board (qemu-m4, qemu-m7, qemu-rv32)");
        Path exe = dir.resolve("build").resolve(BuildCommand.EXE);
        if (board.isHost() && !Files.isExecutable(exe)) throw EarforgeException.of("%s: not built (run: earforge build %s)", dir, dir);
        if (!board.isHost()) BoardRun.elf(dir, board);
        if (inputs.size() != m.inputs().size()) {
            throw EarforgeException.of("model has %d input(s) but %d --input given", m.inputs().size(), inputs.size());
        }
        if (outputs.size() != m.outputs().size()) {
            throw EarforgeException.of("model has %d output(s) but %d --output given", m.outputs().size(), outputs.size());
        }
        Object[][] runs = new Object[inputs.size()][];
        Batches.Mode mode = Batches.Mode.SINGLE;
        for (int i = 0; i < inputs.size(); i++) {
            Npy.Array a = Npy.read(inputs.get(i));
            Tensor t = m.inputs().get(i).tensor(i);
            runs[i] = Batches.split(t, a, inputs.get(i).toString());
            if (i == 0) mode = Batches.mode(t, a);
            if (runs[i].length != runs[0].length) throw new EarforgeException("inputs have different batch sizes");
        }
        int n = runs[0].length;
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        for (int k = 0; k < n; k++) for (Object[] r : runs) stdin.writeBytes(Values.encode(r[k]));
        byte[] out;
        if (board.isHost()) {
            out = HostToolchain.run(exe, stdin.toByteArray(), m.inputBytes(), m.outputBytes(), timeout);
        } else {
            BoardRun.Result r = BoardRun.tensors(dir, board, stdin.toByteArray(), m.inputBytes(), m.outputBytes(), profile,
                info.layers().size(), timeout);
            out = r.output();
            if (profile) System.out.print(r.profile().format(info));
        }
        int at = 0;
        List<List<Object>> outs = new ArrayList<>();
        for (int o = 0; o < m.outputs().size(); o++) outs.add(new ArrayList<>());
        for (int k = 0; k < n; k++) {
            for (int o = 0; o < m.outputs().size(); o++) {
                int bytes = m.outputs().get(o).bytes();
                outs.get(o).add(Arrays.copyOfRange(out, at, at + bytes));
                at += bytes;
            }
        }
        for (int o = 0; o < m.outputs().size(); o++) {
            Npy.Array a = Batches.join(m.outputs().get(o).tensor(o), outs.get(o), mode);
            Npy.write(outputs.get(o), a.type(), a.shape(), a.data());
        }
        System.err.printf("ran %d inference(s) of %s on %s%n", n, m.model(), board.isHost() ? "the host" : board.name() + " (QEMU)");
        return 0;
    }
}
