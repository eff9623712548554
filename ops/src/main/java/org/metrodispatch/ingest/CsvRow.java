package org.metrodispatch.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into its fields (RFC 4180 quoting within the line: {@code "a,b"} and {@code
 * ""} for a quote). A field that spans lines is not supported: fare-gate exports have none.
 */
final class CsvRow {

    private CsvRow() {}

    /**
     * @throws RowProblem when a quote is not closed or text follows a closing quote
     */
    static List<String> split(String line, char delimiter) throws RowProblem {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new RowProblem("a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw new RowProblem("text after a closing quote");
                }
            } else {
                while (i < n && line.charAt(i) != delimiter) {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString().trim());
            field.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // the delimiter
        }
    }
}
