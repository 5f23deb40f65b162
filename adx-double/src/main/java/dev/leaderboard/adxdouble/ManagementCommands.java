package dev.leaderboard.adxdouble;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The management commands the Kusto SDK and the project send: {@code .show ingestion resources} and
 * {@code .get kusto identity token} (the queued client's start-up), {@code .ingest inline} (direct
 * ingestion), {@code .show version} (a liveness probe), and KqlApply's {@code .create database ...} and
 * {@code .execute database script <|} (answered as completed, one row per command of the script: the
 * double keeps no schema beyond the tables and mappings it reads at start). Anything else is refused as
 * ADX refuses an unknown command.
 */
final class ManagementCommands {

    private static final Pattern INGEST_INLINE = Pattern.compile(
            "^\\.ingest\\s+inline\\s+into\\s+table\\s+(?:\\['([^']+)'\\]|(\\w+))\\s*(?:with\\s*\\(([^)]*)\\))?\\s*<\\|\\s*\\n?(.*)$",
            Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("(\\w+)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\"|(\\w+))");

    private final IngestedRows rows;
    private volatile List<AdxDouble.IngestionResource> resources = List.of();

    ManagementCommands(IngestedRows rows) {
        this.rows = rows;
    }

    void useIngestionResources(List<AdxDouble.IngestionResource> resources) {
        this.resources = List.copyOf(resources);
    }

    List<KustoTable> execute(String database, String csl) {
        String command = csl.trim();
        if (command.startsWith(".show ingestion resources") || command.startsWith(".get ingestion resources")) {
            List<List<Object>> rowsOut = new ArrayList<>();
            resources.forEach(r -> rowsOut.add(List.of(r.resourceTypeName(), r.storageRoot())));
            return List.of(KustoTable.of("Table_0", List.of(new KustoTable.Column("ResourceTypeName", "string"),
                    new KustoTable.Column("StorageRoot", "string")), rowsOut));
        }
        if (command.startsWith(".get kusto identity token")) {
            return List.of(KustoTable.of("Table_0", List.of(new KustoTable.Column("AuthorizationContext", "string")),
                    List.of(List.of("adx-double-identity-token"))));
        }
        if (command.startsWith(".execute database script")) {
            return List.of(scriptResult(command.substring(command.indexOf("<|") + 2)));
        }
        if (command.startsWith(".create database ")) {
            String name = command.split("\\s+")[2];
            return List.of(KustoTable.of("Table_0", List.of(new KustoTable.Column("DatabaseName", "string"),
                    new KustoTable.Column("PersistentStorage", "string"), new KustoTable.Column("Version", "string"),
                    new KustoTable.Column("IsCurrent", "bool")), List.of(List.of(name, "", "v1.0", false))));
        }
        if (command.startsWith(".show version")) {
            return List.of(KustoTable.of("Table_0", List.of(new KustoTable.Column("BuildVersion", "string"),
                    new KustoTable.Column("ServiceType", "string")), List.of(List.of("1.0.0.0-adx-double", "Engine"))));
        }
        Matcher inline = INGEST_INLINE.matcher(command);
        if (inline.matches()) {
            return List.of(ingestInline(inline));
        }
        throw KustoRequestError.badRequest("BadRequest_SyntaxError", "The double does not know the command: "
                + command.substring(0, Math.min(command.length(), 60)));
    }

    /**
     * ADX's answer to a database script: a row per command (OperationId, CommandType, CommandText, Result,
     * Reason). Commands are the script's blocks that start with a dot once comment lines are dropped: a
     * command never holds a blank line (kql/README's convention).
     */
    private static KustoTable scriptResult(String script) {
        List<List<Object>> rowsOut = new ArrayList<>();
        for (String block : script.split("\\n\\s*\\n")) {
            String command = block.lines().filter(line -> !line.strip().startsWith("//"))
                    .collect(java.util.stream.Collectors.joining("\n")).strip();
            if (command.startsWith(".")) {
                rowsOut.add(List.of(java.util.UUID.randomUUID().toString(), command.split("[\\s(]")[0],
                        command, "Completed", ""));
            }
        }
        return KustoTable.of("Table_0", List.of(new KustoTable.Column("OperationId", "guid"),
                new KustoTable.Column("CommandType", "string"), new KustoTable.Column("CommandText", "string"),
                new KustoTable.Column("Result", "string"), new KustoTable.Column("Reason", "string")), rowsOut);
    }

    private KustoTable ingestInline(Matcher inline) {
        String table = inline.group(1) != null ? inline.group(1) : inline.group(2);
        String format = "csv";
        String mapping = null;
        if (inline.group(3) != null) {
            Matcher property = PROPERTY.matcher(inline.group(3));
            while (property.find()) {
                String value = property.group(2) != null ? property.group(2)
                        : property.group(3) != null ? property.group(3) : property.group(4);
                if (property.group(1).equalsIgnoreCase("format")) {
                    format = value;
                } else if (property.group(1).equalsIgnoreCase("ingestionMappingReference")) {
                    mapping = value;
                }
            }
        }
        if (!format.equals("json") && !format.equals("multijson")) {
            throw KustoRequestError.badRequest("BadRequest_UnsupportedFormat", "The double ingests json and multijson, not " + format);
        }
        int count = rows.ingestJson(table, mapping, inline.group(4));
        return KustoTable.of("Table_0", List.of(new KustoTable.Column("ExtentId", "guid"),
                        new KustoTable.Column("ItemLoaded", "string"), new KustoTable.Column("Duration", "timespan"),
                        new KustoTable.Column("HasErrors", "bool"), new KustoTable.Column("OperationId", "guid"),
                        new KustoTable.Column("RowCount", "long")),
                List.of(List.of(java.util.UUID.randomUUID().toString(), "inline", "00:00:00", false,
                        java.util.UUID.randomUUID().toString(), count)));
    }
}
