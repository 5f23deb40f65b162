package dev.leaderboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.adxdouble.AdxDouble.Endpoint;
import dev.leaderboard.adxdouble.Azurite;
import dev.leaderboard.adxdouble.AzuriteExtension;
import dev.leaderboard.adxdouble.QueuedIngestionService;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.GamePlayEvents.Sent;
import dev.leaderboard.ingest.adx.AdxGamePlaySink;
import dev.leaderboard.ingest.adx.AdxSinkConfig;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import dev.leaderboard.kafka.testing.TestKafka;
import dev.leaderboard.settings.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingestor into the ADX double through the real Kusto SDK, per mode. Queued ingestion (and streaming's
 * fallback to it) stores real blobs and queue messages in Azurite, which the double's data-management
 * worker reads as ADX does.
 */
@ExtendWith(AzuriteExtension.class)
class AdxIngestorTest {

    private static final int EVENTS = 2_000;
    private static final Path KQL_SCHEMA = Path.of("..", "kql", "schema");

    private AdxDouble adx;

    @BeforeEach
    void startAdx() {
        adx = AdxDouble.start(KQL_SCHEMA);
    }

    @AfterEach
    void stopAdx() {
        adx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void storesExactlyTheRowsOfEveryRecordWithItsProvenance(String mode) throws Exception {
        Fixture f = new Fixture(mode, "gameplay_json_mapping_v2");
        GamePlayIngestor ingestor = f.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> adx.rows("GamePlay").size() >= EVENTS);
        f.stop(ingestor);

        assertThat(ingestor.failure()).isNull();
        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
        assertThat(f.committed()).isEqualTo(f.endOffsets());
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void retriesThrottledAndUnavailableAdxWithPartitionsPausedAndCommitsOnlyAfterAcceptance(String mode) throws Exception {
        Endpoint endpoint = mode.equals("direct") ? Endpoint.MGMT : Endpoint.STREAMING_INGEST;
        // Each failure is one request: the ingestor, not the SDK, decides every retry.
        int failures = 4;
        adx.failNext(endpoint, 429, failures / 2);
        adx.failNext(endpoint, 503, failures - failures / 2);
        Fixture f = new Fixture(mode, "gameplay_json_mapping_v2");
        GamePlayIngestor ingestor = f.start();

        // Sampled all the way: the commit is read before the rows, and rows only grow, so a sample with
        // a commit but no rows can only mean a commit before acceptance. (Asserting "no rows yet" at one
        // moment raced with the last failure's retry, whose jittered delay can be about 0 ms.)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
            boolean committedAnything = !f.committed().isEmpty();
            List<?> rows = adx.rows("GamePlay");
            assertThat(committedAnything && rows.isEmpty()).as("offsets committed before ADX accepted anything").isFalse();
            return rows.size() >= EVENTS;
        });
        assertThat(adx.requests(endpoint)).as("the injected failures were all answered").isGreaterThan(failures);
        f.stop(ingestor);

        assertThat(ingestor.failure()).isNull();
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(f.committed()).isEqualTo(f.endOffsets());
        assertThat(f.registry.get("ingest.retries").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(f.registry.get("ingest.partitions.paused").gauge().value()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void deadLettersRowsAdxRejectsForGoodWithTheirOriginalBytesAndMovesOn(String mode) throws Exception {
        Fixture f = new Fixture(mode, "no_such_mapping");
        GamePlayIngestor ingestor = f.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
        f.stop(ingestor);

        assertThat(ingestor.failure()).isNull();
        assertThat(adx.rows("GamePlay")).isEmpty();
        assertThat(ingestor.rowsStored()).as("rows the store rejected are not stored").isZero();
        assertThat(ingestor.rowsRejectedByStore()).isEqualTo(EVENTS);
        assertThat(ingestor.unreadableDeadLettered()).isZero();
        List<ConsumerRecord<byte[], byte[]>> letters = f.deadLetters(EVENTS);
        assertThat(letters).hasSize(EVENTS);
        Map<String, Sent> bySource = new HashMap<>();
        f.sent.forEach(s -> bySource.put(s.partition() + "/" + s.offset(), s));
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            Sent original = bySource.remove(header(letter, DeadLetterPublisher.SOURCE_PARTITION_HEADER) + "/"
                    + header(letter, DeadLetterPublisher.SOURCE_OFFSET_HEADER));
            assertThat(original).isNotNull();
            assertThat(letter.value()).isEqualTo(original.value());
            assertThat(letter.key()).isEqualTo(original.key());
            assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).contains("BadRequest_MappingReferenceWasNotFound");
        }
        assertThat(bySource).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void resumesWhereTheTableEndsWithoutADuplicateAfterACrashBetweenIngestAndCommit(String mode) throws Exception {
        Fixture f = new Fixture(mode, "gameplay_json_mapping_v2");
        AtomicBoolean crashed = new AtomicBoolean();
        GamePlaySink crashingOnce = new CrashAfterFirstWrite(AdxGamePlaySink.open(f.adxConfig()), crashed);
        GamePlayIngestor first = new GamePlayIngestor(f.config, crashingOnce, new IngestMetrics(f.registry));
        Thread loop = new Thread(first, "ingestor-crashing");
        loop.start();
        first.awaitStop();
        assertThat(crashed).isTrue();
        assertThat(first.failure()).isNotNull();
        assertThat(f.committed()).as("the accepted batch was never committed").isEmpty();
        int ingestedBeforeCrash = adx.rows("GamePlay").size();
        assertThat(ingestedBeforeCrash).isPositive();

        GamePlayIngestor second = f.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
        f.stop(second);

        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void storesEachRowOnceWhenAdxAppliedBatchesWhoseAnswersWereLost(String mode) throws Exception {
        Endpoint endpoint = mode.equals("direct") ? Endpoint.MGMT : Endpoint.STREAMING_INGEST;
        adx.dropAnswerNext(endpoint, 1);
        adx.answerLateNext(endpoint, Duration.ofSeconds(3), 1);
        Fixture f = new Fixture(mode, "gameplay_json_mapping_v2", Map.of("ADX_INGEST_TIMEOUT_MS", "1000"));
        GamePlayIngestor ingestor = f.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> f.committed().equals(f.endOffsets()));
        f.stop(ingestor);

        assertThat(ingestor.failure()).isNull();
        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
        double accepted = f.registry.get("ingest.batches").tag("outcome", "accepted").counter().count();
        assertThat(adx.acceptedIngestions()).as("each batch applied once, the two lost ones included").isEqualTo((long) accepted);
        assertThat(f.registry.get("ingest.retries").counter().count()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void storesEachRowOnceWhileASecondIngestorJoinsAndLeavesMidStream(String mode) throws Exception {
        Endpoint endpoint = mode.equals("direct") ? Endpoint.MGMT : Endpoint.STREAMING_INGEST;
        // Every write answered 200 ms after it took effect: twenty batches take long enough to rebalance twice.
        adx.answerLateNext(endpoint, Duration.ofMillis(200), 1_000);
        Fixture f = new Fixture(mode, "gameplay_json_mapping_v2", Map.of("INGEST_BATCH_MAX_RECORDS", "100",
                "ADX_INGEST_TIMEOUT_MS", "5000"));
        SimpleMeterRegistry secondRegistry = new SimpleMeterRegistry();
        GamePlayIngestor first = f.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> adx.rows("GamePlay").size() >= EVENTS / 5);

        GamePlayIngestor second = f.start(new IngestMetrics(secondRegistry));
        await().atMost(Duration.ofSeconds(60)).until(() -> secondRegistry.find("ingest.batches").counter() != null);
        f.stop(second);
        assertThat(adx.rows("GamePlay").size()).as("the second left mid-stream").isLessThan(EVENTS);
        await().atMost(Duration.ofSeconds(90)).until(() -> f.committed().equals(f.endOffsets()));
        f.stop(first);

        assertThat(first.failure()).isNull();
        assertThat(second.failure()).isNull();
        assertThat(f.registry.get("ingest.partitions.taken").tag("how", "revoked").counter().count())
                .as("the first gave partitions away, then closed").isGreaterThan(4);
        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void cancelsACallToAHungAdxAfterTheIngestTimeoutAndRetriesWithoutLoss(String mode) throws Exception {
        Endpoint endpoint = mode.equals("direct") ? Endpoint.MGMT : Endpoint.STREAMING_INGEST;
        Duration hang = Duration.ofSeconds(30);
        adx.hangNext(endpoint, hang, 1);
        Fixture f = new Fixture(mode, "gameplay_json_mapping_v2", Map.of("ADX_INGEST_TIMEOUT_MS", "1000"));
        long start = System.nanoTime();
        GamePlayIngestor ingestor = f.start();
        await().atMost(Duration.ofSeconds(25)).until(() -> adx.rows("GamePlay").size() >= EVENTS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        f.stop(ingestor);

        assertThat(took).as("all rows arrived while the first call still hung").isLessThan(hang);
        assertThat(ingestor.failure()).isNull();
        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
        assertThat(f.registry.get("ingest.retries").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void keepsItsPartitionsWhileAdxFailsForLongerThanTheMaxPollInterval() throws Exception {
        adx.failNext(Endpoint.MGMT, 503, 100_000);
        Duration maxPollInterval = Duration.ofSeconds(3);
        Fixture f = new Fixture("direct", "gameplay_json_mapping_v2", Map.of(
                "INGEST_MAX_POLL_INTERVAL_MS", Long.toString(maxPollInterval.toMillis()),
                "INGEST_RETRY_FIRST_MS", "100", "INGEST_RETRY_MAX_MS", "400"));
        long start = System.nanoTime();
        GamePlayIngestor ingestor = f.start();
        // About 40 failed tries at 100-400 ms each: ADX stays down for several poll intervals.
        await().atMost(Duration.ofSeconds(60)).until(() -> adx.requests(Endpoint.MGMT) >= 40);
        Duration failingFor = Duration.ofNanos(System.nanoTime() - start);
        assertThat(f.committed()).isEmpty();
        adx.stopFailing();
        await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
        f.stop(ingestor);

        assertThat(failingFor).isGreaterThan(maxPollInterval.multipliedBy(2));
        assertThat(f.registry.find("ingest.partitions.taken").tag("how", "lost").counter()).isNull();
        assertThat(f.registry.get("ingest.partitions.taken").tag("how", "revoked").counter().count())
                .as("revoked only by the final close").isEqualTo(4);
        assertThat(ingestor.failure()).isNull();
        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
    }

    @Test
    void revokingPartitionsWhileABatchRetriesCommitsOnlyConfirmedOffsetsAndLosesNothing() throws Exception {
        adx.failNext(Endpoint.MGMT, 503, 100_000);
        Fixture f = new Fixture("direct", "gameplay_json_mapping_v2");
        SimpleMeterRegistry secondRegistry = new SimpleMeterRegistry();
        GamePlayIngestor first = f.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> adx.requests(Endpoint.MGMT) >= 2);

        GamePlayIngestor second = f.start(new IngestMetrics(secondRegistry));
        // The newcomer only asks ADX once the group gave it partitions, taken from the retrying first one.
        await().atMost(Duration.ofSeconds(60)).until(() -> secondRegistry.find("ingest.retries").counter() != null
                && secondRegistry.get("ingest.retries").counter().count() >= 1);
        assertThat(f.committed()).as("offsets committed while ADX accepted nothing").isEmpty();

        adx.stopFailing();
        await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
        f.stop(first);
        f.stop(second);

        assertThat(first.failure()).isNull();
        assertThat(second.failure()).isNull();
        assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
        assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
    }

    @Test
    @Tag("azurite")
    void queuedIngestionUploadsEveryBatchToStorageAndTheRowsArriveExactly(Azurite azurite) throws Exception {
        try (QueuedIngestionService dm = QueuedIngestionService.start(adx, azurite)) {
            Fixture f = new Fixture("queued", "gameplay_json_mapping_v2");
            GamePlayIngestor ingestor = f.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> adx.rows("GamePlay").size() >= EVENTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.committed().equals(f.endOffsets()));
            f.stop(ingestor);

            assertThat(ingestor.failure()).isNull();
            assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
            assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
            assertThat(dm.failedBlobs()).isZero();
            assertThat(dm.ingestedBlobs()).isEqualTo((long) f.registry.get("ingest.batches").tag("outcome", "accepted")
                    .counter().count());
            assertThat(adx.requests(Endpoint.STREAMING_INGEST)).isZero();
        }
    }

    @Test
    @Tag("azurite")
    void streamingRetriesAFailedBatchItselfAndNeverQueuesIt(Azurite azurite) throws Exception {
        try (QueuedIngestionService dm = QueuedIngestionService.start(adx, azurite)) {
            // The SDK's managed client would retry these three itself, then queue the batch: an asynchronous
            // copy no restart can see. The ingestor sends each batch once per try and decides the retries.
            adx.failNext(Endpoint.STREAMING_INGEST, 503, 3);
            Fixture f = new Fixture("streaming", "gameplay_json_mapping_v2");
            GamePlayIngestor ingestor = f.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
            f.stop(ingestor);

            assertThat(ingestor.failure()).isNull();
            assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
            assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
            assertThat(dm.ingestedBlobs()).isZero();
            double batches = f.registry.get("ingest.batches").tag("outcome", "accepted").counter().count();
            assertThat(adx.requests(Endpoint.STREAMING_INGEST)).isEqualTo((long) batches + 3);
        }
    }

    @Test
    @Tag("azurite")
    void queuedResumesWhereTheTableEndsOnceTheBatchQueuedBeforeACrashHasLanded(Azurite azurite) throws Exception {
        try (QueuedIngestionService dm = QueuedIngestionService.start(adx, azurite)) {
            Fixture f = new Fixture("queued", "gameplay_json_mapping_v2");
            AtomicBoolean crashed = new AtomicBoolean();
            GamePlayIngestor first = new GamePlayIngestor(f.config,
                    new CrashAfterFirstWrite(AdxGamePlaySink.open(f.adxConfig()), crashed), new IngestMetrics(f.registry));
            new Thread(first, "ingestor-crashing").start();
            first.awaitStop();
            assertThat(crashed).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> dm.ingestedBlobs() == 1);
            assertThat(adx.rows("GamePlay")).isNotEmpty();

            GamePlayIngestor second = f.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> adx.rows("GamePlay").size() >= EVENTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.committed().equals(f.endOffsets()));
            await().atMost(Duration.ofSeconds(30)).until(() -> dm.waitingMessages() == 0);
            f.stop(second);

            assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
            assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
        }
    }

    @Test
    @Tag("azurite")
    void queuedAcceptanceMeansStoredAndQueuedSoARejectionShowsOnlyInTheFailedIngestionsQueue(Azurite azurite) throws Exception {
        try (QueuedIngestionService dm = QueuedIngestionService.start(adx, azurite)) {
            Fixture f = new Fixture("queued", "no_such_mapping");
            GamePlayIngestor ingestor = f.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
            long batches = (long) f.registry.get("ingest.batches").tag("outcome", "accepted").counter().count();
            await().atMost(Duration.ofSeconds(30)).until(() -> dm.failedBlobs() == batches);
            f.stop(ingestor);

            assertThat(adx.rows("GamePlay")).isEmpty();
            assertThat(dm.ingestedBlobs()).isZero();
        }
    }

    @Test
    @Tag("azurite")
    void queuedWithATableReportFollowsEveryBatchToItsFinalStatusInAdx(Azurite azurite) throws Exception {
        try (QueuedIngestionService dm = QueuedIngestionService.start(adx, azurite)) {
            Fixture f = new Fixture("queued", "gameplay_json_mapping_v2", Map.of("ADX_QUEUED_STATUS", "table"));
            GamePlayIngestor ingestor = f.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
            double batches = f.registry.get("ingest.batches").tag("outcome", "accepted").counter().count();
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(f, "Succeeded") == batches);
            f.stop(ingestor);

            assertThat(outcomes(f, "Failed")).isZero();
            assertThat(adx.rows("GamePlay")).hasSize(EVENTS);
            assertThat(new HashSet<>(adx.rows("GamePlay"))).isEqualTo(f.expectedRows());
        }
    }

    @Test
    @Tag("azurite")
    void queuedWithATableReportCountsEveryBatchAdxRejectedAfterTheCommit(Azurite azurite) throws Exception {
        try (QueuedIngestionService dm = QueuedIngestionService.start(adx, azurite)) {
            Fixture f = new Fixture("queued", "no_such_mapping", Map.of("ADX_QUEUED_STATUS", "table"));
            GamePlayIngestor ingestor = f.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> f.committed().equals(f.endOffsets()));
            double batches = f.registry.get("ingest.batches").tag("outcome", "accepted").counter().count();
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(f, "Failed") == batches);
            f.stop(ingestor);

            assertThat(outcomes(f, "Succeeded")).isZero();
            assertThat(adx.rows("GamePlay")).isEmpty();
        }
    }

    private static double outcomes(Fixture f, String status) {
        io.micrometer.core.instrument.Counter counter = f.registry.find("ingest.queued.outcome").tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertProvenanceKeysIdentical(List<Map<String, Object>> rows, int expectedRows, Fixture f) {
        assertThat(rows).hasSize(expectedRows);
        Map<List<Object>, Set<Map<String, Object>>> byDedupKey = new HashMap<>();
        for (Map<String, Object> row : rows) {
            byDedupKey.computeIfAbsent(List.of(row.get("SourceTopic"), row.get("SourcePartition"), row.get("SourceOffset"),
                    row.get("PlayerID"), row.get("EventTime")), k -> new HashSet<>()).add(row);
        }
        assertThat(byDedupKey).hasSize(EVENTS);
        assertThat(byDedupKey.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
        assertThat(new HashSet<>(rows)).isEqualTo(f.expectedRows());
    }

    /** Accepts the first batch into ADX, then dies before the ingestor can commit it. */
    private static final class CrashAfterFirstWrite implements GamePlaySink {
        private final GamePlaySink delegate;
        private final AtomicBoolean crashed;

        CrashAfterFirstWrite(GamePlaySink delegate, AtomicBoolean crashed) {
            this.delegate = delegate;
            this.crashed = crashed;
        }

        @Override
        public Map<TopicPartition, Long> storedNextOffsets(java.util.Collection<TopicPartition> partitions) throws SinkException {
            return delegate.storedNextOffsets(partitions);
        }

        @Override
        public void write(Batch batch) throws SinkException {
            delegate.write(batch);
            crashed.set(true);
            throw new IllegalStateException("simulated crash after ADX accepted the batch");
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A topic with sent spins, a DLQ, a group, and the ADX settings of one mode. */
    private final class Fixture {
        final String topic = TestKafka.newTopic("gameplay", 4);
        final String deadLetterTopic = TestKafka.newTopic("gameplay.dlq", 1);
        final String groupId = "adx-" + topic;
        final List<GamePlay> plays = GamePlayEvents.randomPlays(EVENTS, 7);
        final List<Sent> sent = GamePlayEvents.send(GamePlayEvents.asRecords(topic, plays));
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final Map<String, String> settings = new HashMap<>();
        final IngestorConfig config;

        Fixture(String mode, String mapping) {
            this(mode, mapping, Map.of());
        }

        Fixture(String mode, String mapping, Map<String, String> more) {
            settings.putAll(Map.of(
                    "BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                    "INGEST_TOPIC", topic,
                    "INGEST_DLQ_TOPIC", deadLetterTopic,
                    "INGEST_GROUP_ID", groupId,
                    "INGEST_BATCH_MAX_RECORDS", "500",
                    "INGEST_BATCH_LINGER_MS", "100",
                    "INGEST_RETRY_FIRST_MS", "50",
                    "INGEST_RETRY_MAX_MS", "500",
                    "INGEST_SINK", "adx"));
            settings.putAll(Map.of(
                    "ADX_CLUSTER_URL", adx.clusterUrl(),
                    "ADX_DATABASE", "leaderboard",
                    "ADX_MAPPING", mapping,
                    "ADX_INGEST_MODE", mode,
                    "ADX_AUTH", "none"));
            settings.putAll(more);
            config = IngestorConfig.from(new Settings(settings));
        }

        AdxSinkConfig adxConfig() {
            return AdxSinkConfig.from(new Settings(settings));
        }

        GamePlayIngestor start() {
            return start(new IngestMetrics(registry));
        }

        GamePlayIngestor start(IngestMetrics metrics) {
            GamePlayIngestor ingestor = new GamePlayIngestor(config, AdxGamePlaySink.open(adxConfig(), registry), metrics);
            new Thread(ingestor, "ingestor-" + topic).start();
            return ingestor;
        }

        void stop(GamePlayIngestor ingestor) throws InterruptedException {
            ingestor.close();
            ingestor.awaitStop();
        }

        Set<Map<String, Object>> expectedRows() {
            Set<Map<String, Object>> expected = new HashSet<>();
            for (int i = 0; i < plays.size(); i++) {
                GamePlay play = plays.get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("PlayerID", play.playerId());
                row.put("GameID", play.gameId());
                row.put("Win", play.win());
                row.put("Stake", play.stake());
                row.put("EventTime", play.eventTime());
                row.put("SourceTopic", topic);
                row.put("SourcePartition", sent.get(i).partition());
                row.put("SourceOffset", sent.get(i).offset());
                expected.add(row);
            }
            return expected;
        }

        Map<TopicPartition, Long> committed() throws Exception {
            try (Admin admin = TestKafka.admin()) {
                ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(groupId);
                Map<TopicPartition, Long> offsets = new HashMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : result.partitionsToOffsetAndMetadata().get().entrySet()) {
                    if (e.getValue() != null) {
                        offsets.put(e.getKey(), e.getValue().offset());
                    }
                }
                return offsets;
            }
        }

        Map<TopicPartition, Long> endOffsets() {
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (Sent s : sent) {
                ends.merge(new TopicPartition(topic, s.partition()), s.offset() + 1, Math::max);
            }
            return ends;
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters(int expected) {
            List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "read-" + deadLetterTopic,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(deadLetterTopic));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (letters.size() < expected && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
                }
                // One more poll: more letters than expected would be a duplicate to catch.
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
            return letters;
        }
    }
}
