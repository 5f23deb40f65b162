package dev.leaderboard.adxdouble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one query the double computes from its rows instead of a canned answer: the ingestor's
 * {@code next-offsets.kql}, where each Kafka partition's rows end in a table (the offset after the
 * highest stored one, per partition of a topic), with the table and topic as query parameters.
 */
final class NextOffsetsQuery {

    /** The query's text with comments removed and whitespace collapsed, as the ingestor sends it. */
    static final String TEXT = "declare query_parameters(table_name:string, topic:string); table(table_name)"
            + " | where SourceTopic == topic | summarize NextOffset = max(SourceOffset) + 1 by SourcePartition";

    private NextOffsetsQuery() {
    }

    /** The answer if {@code csl} is this query; empty for any other text. Parameters as the SDK sent them. */
    static Optional<KustoTable> answer(String csl, Map<String, String> parameters, IngestedRows rows) {
        if (!normalise(csl).equals(TEXT)) {
            return Optional.empty();
        }
        String table = parameters.getOrDefault("table_name", "");
        String topic = parameters.getOrDefault("topic", "");
        Map<Integer, Long> next = new TreeMap<>();
        for (Map<String, Object> row : rows.rows(table)) {
            if (topic.equals(row.get("SourceTopic")) && row.get("SourcePartition") != null && row.get("SourceOffset") != null) {
                next.merge((Integer) row.get("SourcePartition"), (Long) row.get("SourceOffset") + 1, Math::max);
            }
        }
        List<List<Object>> answer = new ArrayList<>();
        next.forEach((partition, offset) -> answer.add(List.of(partition, offset)));
        return Optional.of(KustoTable.of("PrimaryResult", List.of(new KustoTable.Column("SourcePartition", "int"),
                new KustoTable.Column("NextOffset", "long")), answer));
    }

    private static String normalise(String csl) {
        StringBuilder text = new StringBuilder();
        for (String line : csl.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("//")) {
                text.append(trimmed).append(' ');
            }
        }
        return text.toString().replaceAll("\\s+", " ").trim();
    }
}
