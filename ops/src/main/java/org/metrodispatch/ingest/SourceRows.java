package org.metrodispatch.ingest;

import org.metrodispatch.contract.cli.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Reads a source file row by row, finds the layout's columns (by the header line, or by number),
 * and hands each row's fields to a consumer. Rows that cannot be split go to the rejects.
 */
final class SourceRows {

    /** What is done with each row. */
    interface RowConsumer {
        void accept(String file, long line, String row, String[] values) throws RowProblem;
    }

    /** Where a row that cannot be read goes, with its reason. */
    interface Rejects {
        void reject(String file, long line, String row, RowProblem problem);
    }

    private SourceRows() {}

    /**
     * Reads one file.
     *
     * @param progress told the characters read so far, now and then
     * @return the rows read, header excluded
     * @throws UserError when the file cannot be read or has no header with the layout's columns
     */
    static long read(
            Path file,
            SourceLayout layout,
            RowConsumer consumer,
            Rejects rejects,
            LongConsumer progress)
            throws IOException {
        String name = file.getFileName().toString();
        int[] index = null;
        String[] names = layout.columns().keySet().toArray(new String[0]);
        if (!layout.header()) {
            index = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                index[i] = Integer.parseInt(layout.column(names[i]));
            }
        }
        long rows = 0;
        long chars = 0;
        long lineNumber = 0;
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                Files.newInputStream(file),
                                StandardCharsets.UTF_8
                                        .newDecoder()
                                        .onMalformedInput(CodingErrorAction.REPORT)
                                        .onUnmappableCharacter(CodingErrorAction.REPORT)),
                        1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                chars += line.length() + 1;
                if ((lineNumber & 0xFFFF) == 0) {
                    progress.accept(chars);
                }
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (index == null) {
                    index = headerIndex(file, layout, names, line);
                    continue;
                }
                rows++;
                try {
                    List<String> fields = CsvRow.split(line, layout.delimiter());
                    String[] values = new String[names.length];
                    for (int i = 0; i < names.length; i++) {
                        if (index[i] >= fields.size()) {
                            throw new RowProblem(
                                    "too few fields",
                                    fields.size()
                                            + " fields, the "
                                            + names[i]
                                            + " column is field "
                                            + (index[i] + 1));
                        }
                        values[i] = fields.get(index[i]);
                    }
                    consumer.accept(name, lineNumber, line, values);
                } catch (RowProblem problem) {
                    rejects.reject(name, lineNumber, line, problem);
                }
            }
        } catch (CharacterCodingException e) {
            throw new UserError(
                    file
                            + ": line "
                            + (lineNumber + 1)
                            + " is not UTF-8 text; convert the file first");
        }
        progress.accept(chars);
        if (index == null) {
            throw new UserError(file + ": is empty");
        }
        return rows;
    }

    private static int[] headerIndex(
            Path file, SourceLayout layout, String[] names, String headerLine) {
        List<String> header;
        try {
            header = CsvRow.split(headerLine, layout.delimiter());
        } catch (RowProblem e) {
            throw new UserError(file + ": the header line cannot be read: " + e.getMessage());
        }
        int[] index = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            String wanted = layout.column(names[i]);
            index[i] = header.indexOf(wanted);
            if (index[i] < 0) {
                throw new UserError(
                        file
                                + ": no column '"
                                + wanted
                                + "' (the "
                                + names[i]
                                + " of layout "
                                + layout.name()
                                + ") in its header: "
                                + String.join(String.valueOf(layout.delimiter()), header));
            }
        }
        return index;
    }

    /** The position of each layout column in the values handed to the consumer. */
    static Map<String, Integer> positions(SourceLayout layout) {
        Map<String, Integer> positions = new HashMap<>();
        int i = 0;
        for (String column : layout.columns().keySet()) {
            positions.put(column, i++);
        }
        return positions;
    }
}
