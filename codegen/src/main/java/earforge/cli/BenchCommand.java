package earforge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parent of the benchmark commands; each prints its figures, none is a timed test. */
@Command(name = "bench", description = "Benchmarks that print speed and accuracy figures.",
    subcommands = {BenchSimCommand.class, BenchFrontendCommand.class, BenchFirmwareCommand.class})
final class BenchCommand implements Runnable {
    @Override public void run() { new CommandLine(this).usage(System.out); }
}
