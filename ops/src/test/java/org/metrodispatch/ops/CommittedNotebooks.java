package org.metrodispatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The review notebooks as committed in notebooks/: they must carry no outputs of a run. */
public final class CommittedNotebooks {

    /** The project's notebooks folder, from a test's working directory (the module). */
    public static final Path FOLDER = Path.of("..", "notebooks").toAbsolutePath().normalize();

    /** The notebooks that must be there. */
    public static final List<String> NAMES =
            List.of("decisions_timeline.ipynb", "line_heatmap.ipynb", "station_over_time.ipynb");

    private CommittedNotebooks() {}

    /** Every notebook in a folder. */
    public static List<Path> all(Path folder) throws IOException {
        List<Path> notebooks = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.ipynb")) {
            files.forEach(notebooks::add);
        }
        notebooks.sort(null);
        return notebooks;
    }

    /**
     * What is stale in a notebook: code cells with outputs or an execution count, notebook-level
     * widget state. Empty when the notebook is clean.
     */
    public static List<String> stale(Path notebook) throws IOException {
        JsonNode root = new ObjectMapper().readTree(notebook.toFile());
        List<String> problems = new ArrayList<>();
        String name = notebook.getFileName().toString();
        if (root.path("metadata").has("widgets")) {
            problems.add(name + ": widget state in the metadata");
        }
        int index = 0;
        for (JsonNode cell : root.path("cells")) {
            index++;
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            if (cell.path("outputs").size() > 0) {
                problems.add(name + ": cell " + index + " has outputs");
            }
            if (!cell.path("execution_count").isNull()) {
                problems.add(name + ": cell " + index + " has an execution count");
            }
        }
        return problems;
    }
}
