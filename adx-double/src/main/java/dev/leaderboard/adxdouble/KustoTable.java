package dev.leaderboard.adxdouble;

import java.util.List;

/**
 * A result table as Kusto returns it: named, typed columns and rows of JSON-ready values.
 *
 * @param name    the table's name in the response
 * @param columns column names and Kusto types, in order
 * @param rows    values per row, in column order (String, Number, Boolean or null)
 */
public record KustoTable(String name, List<Column> columns, List<List<Object>> rows) {

    public KustoTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(row))).toList();
    }

    /** A column: name and Kusto type ({@code string}, {@code int}, {@code long}, {@code datetime}, ...). */
    public record Column(String name, String type) {
    }

    public static KustoTable of(String name, List<Column> columns, List<List<Object>> rows) {
        return new KustoTable(name, columns, rows);
    }
}
