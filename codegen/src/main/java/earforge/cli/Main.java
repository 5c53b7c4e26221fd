package earforge.cli;

import earforge.EarforgeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: `earforge <command>`. Every user error ends as one line on stderr and exit code 2. */
@Command(name = "earforge", mixinStandardHelpOptions = true, version = "earforge 0.1.0",
    description = "Turns a trained audio CNN into microcontroller firmware and proves it bit-exact on the host.",
    subcommands = {InspectCommand.class, SimulateCommand.class, DemoCommand.class, BenchCommand.class, FeaturesCommand.class,
        GenerateCommand.class, BuildCommand.class, RunCommand.class, BudgetCommand.class,
        QuantizeCommand.class, VerifyCommand.class, ClassifyCommand.class, BoardsCommand.class, FlashCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_USER_ERROR = 2;

    @Override public void run() { new CommandLine(this).usage(System.out); }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (used by tests too). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (!(t instanceof EarforgeException) && t.getCause() != null) t = t.getCause();
            if (t instanceof EarforgeException) {
                cmd.getErr().println("earforge: " + t.getMessage());
            } else {
                cmd.getErr().println("earforge: internal error: " + ex);
            }
            return EXIT_USER_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            ex.getCommandLine().getErr().println("earforge: " + ex.getMessage());
            return EXIT_USER_ERROR;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            System.err.println("earforge: " + (e instanceof OutOfMemoryError ? "out of memory" : "input nested too deeply"));
            return EXIT_USER_ERROR;
        }
    }
}
