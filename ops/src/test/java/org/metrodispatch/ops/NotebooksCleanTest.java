package org.metrodispatch.ops;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed review notebooks carry no outputs (clear them before committing: jupyter nbconvert
 * --clear-output --inplace notebooks/*.ipynb). Runs without Jupyter.
 */
class NotebooksCleanTest {

    @Test
    void theCommittedNotebooksHaveNoOutputs() throws IOException {
        List<Path> notebooks = CommittedNotebooks.all(CommittedNotebooks.FOLDER);
        assertThat(notebooks)
                .extracting(p -> p.getFileName().toString())
                .containsAll(CommittedNotebooks.NAMES);
        List<String> stale = new ArrayList<>();
        for (Path notebook : notebooks) {
            stale.addAll(CommittedNotebooks.stale(notebook));
        }
        assertThat(stale)
                .as(
                        "clear them: /usr/bin/jupyter nbconvert --clear-output --inplace"
                                + " notebooks/*.ipynb")
                .isEmpty();
        assertThat(CommittedNotebooks.FOLDER.resolve("runfolder.py")).isRegularFile();
    }

    @Test
    void theCheckSeesOutputs(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path executed = dir.resolve("executed.ipynb");
        Files.writeString(
                executed,
                "{\"cells\":[{\"cell_type\":\"markdown\",\"metadata\":{},\"source\":[]},"
                        + "{\"cell_type\":\"code\",\"execution_count\":3,\"metadata\":{},"
                        + "\"outputs\":[{\"output_type\":\"stream\",\"name\":\"stdout\","
                        + "\"text\":[\"hi\"]}],\"source\":[\"print('hi')\"]},"
                        + "{\"cell_type\":\"code\",\"execution_count\":null,\"metadata\":{},"
                        + "\"outputs\":[],\"source\":[]}],"
                        + "\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}");
        assertThat(CommittedNotebooks.stale(executed))
                .containsExactly(
                        "executed.ipynb: cell 2 has outputs",
                        "executed.ipynb: cell 2 has an execution count");
    }
}
