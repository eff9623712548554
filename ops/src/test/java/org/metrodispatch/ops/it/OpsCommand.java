package org.metrodispatch.ops.it;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.ops.OpsMain;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One {@code metro-dispatch} operations command run in this JVM, as the launcher runs it, with what
 * it printed.
 *
 * @param exitCode its exit code
 * @param out what it wrote to standard output
 * @param err what it wrote to standard error
 */
record OpsCommand(int exitCode, String out, String err) {

    /** Runs {@code metro-dispatch ARGS...}. */
    static OpsCommand run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = CommandLines.create(new OpsMain());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new OpsCommand(code, out.toString(), err.toString());
    }

    List<String> lines() {
        return List.of(out.split("\n"));
    }
}
