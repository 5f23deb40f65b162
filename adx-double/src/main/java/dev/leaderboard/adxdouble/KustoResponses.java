package dev.leaderboard.adxdouble;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON bodies ADX answers with: v1 tables (management commands, streaming ingestion), v2 frames
 * (queries), and the OneApi error object whose {@code @permanent} flag tells the SDK whether to retry.
 */
final class KustoResponses {

    static final ObjectMapper JSON = new ObjectMapper();

    private KustoResponses() {
    }

    static byte[] v1(List<KustoTable> tables) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("Tables");
        for (KustoTable table : tables) {
            ObjectNode node = array.addObject();
            node.put("TableName", table.name());
            ArrayNode columns = node.putArray("Columns");
            for (KustoTable.Column column : table.columns()) {
                columns.addObject().put("ColumnName", column.name()).put("DataType", v1DataType(column.type()))
                        .put("ColumnType", column.type());
            }
            node.set("Rows", JSON.valueToTree(table.rows()));
        }
        return bytes(root);
    }

    /**
     * A query's v2 frames as ADX sends them: DataSetHeader, the QueryProperties table, the PrimaryResult,
     * the QueryCompletionInformation table, DataSetCompletion.
     */
    static byte[] v2(KustoTable primary) {
        ArrayNode frames = JSON.createArrayNode();
        frames.addObject().put("FrameType", "DataSetHeader").put("IsProgressive", false).put("Version", "v2.0");
        dataTable(frames, 0, "QueryProperties", "@ExtendedProperties", List.of(new KustoTable.Column("TableId", "int"),
                new KustoTable.Column("Key", "string"), new KustoTable.Column("Value", "dynamic")),
                List.of(List.of(1, "Visualization", "{\"Visualization\":null}")));
        dataTable(frames, 1, "PrimaryResult", "PrimaryResult", primary.columns(), primary.rows());
        dataTable(frames, 2, "QueryCompletionInformation", "QueryCompletionInformation", List.of(
                new KustoTable.Column("Timestamp", "datetime"), new KustoTable.Column("ClientRequestId", "string"),
                new KustoTable.Column("ActivityId", "guid")), List.of());
        frames.addObject().put("FrameType", "DataSetCompletion").put("HasErrors", false).put("Cancelled", false);
        return bytes(frames);
    }

    private static void dataTable(ArrayNode frames, int id, String kind, String name, List<KustoTable.Column> columns,
            List<List<Object>> rows) {
        ObjectNode table = frames.addObject();
        table.put("FrameType", "DataTable").put("TableId", id).put("TableKind", kind).put("TableName", name);
        ArrayNode columnNodes = table.putArray("Columns");
        for (KustoTable.Column column : columns) {
            columnNodes.addObject().put("ColumnName", column.name()).put("ColumnType", column.type());
        }
        table.set("Rows", JSON.valueToTree(rows));
    }

    /** ADX's error body; the SDK reads {@code @message} as the description and {@code @permanent} for retries. */
    static byte[] error(String code, String message, boolean permanent) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error")
                .put("code", code)
                .put("message", "Request is invalid and cannot be executed.")
                .put("@type", "Kusto.Double." + code)
                .put("@message", message)
                .put("@permanent", permanent);
        return bytes(error);
    }

    private static String v1DataType(String kustoType) {
        Map<String, String> types = Map.of("string", "String", "int", "Int32", "long", "Int64", "real", "Double",
                "datetime", "DateTime", "bool", "Boolean", "dynamic", "Object", "timespan", "TimeSpan", "guid", "Guid");
        return types.getOrDefault(kustoType, "String");
    }

    private static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
