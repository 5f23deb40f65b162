package dev.leaderboard.adxdouble;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.kusto.ingest.utils.TableWithSas;

/**
 * The data-management half of the double: it lists Azurite's container, queues and status table (with a
 * SAS) in {@code .show ingestion resources}, and a worker reads the ingestion queue as ADX's DM service
 * does, downloads each blob, and ingests it with the table's mapping. A rejected blob's message goes to
 * the failed-ingestions queue, as in ADX; when the client asked for a table report, its status row
 * becomes Succeeded or Failed.
 */
public final class QueuedIngestionService implements AutoCloseable {

    static final String TEMP_CONTAINER = "tempstorage";
    static final String READY_QUEUE = "readyforaggregation";
    static final String FAILED_QUEUE = "failedingestions";
    static final String SUCCEEDED_QUEUE = "successfulingestions";
    static final String STATUS_TABLE = "ingestionsstatus";

    private final AdxDouble adx;
    private final QueueClient ready;
    private final QueueClient failed;
    private final Thread worker;
    private final AtomicLong ingestedBlobs = new AtomicLong();
    private final AtomicLong failedBlobs = new AtomicLong();
    private volatile boolean stopping;

    private QueuedIngestionService(AdxDouble adx, QueueClient ready, QueueClient failed) {
        this.adx = adx;
        this.ready = ready;
        this.failed = failed;
        this.worker = new Thread(this::drain, "adx-double-dm");
        worker.setDaemon(true);
    }

    /** Creates fresh storage in Azurite for this double (names get a suffix) and starts reading its queue. */
    public static QueuedIngestionService start(AdxDouble adx, Azurite azurite) {
        StorageSharedKeyCredential key = new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY);
        BlobServiceClient blobs = new BlobServiceClientBuilder().endpoint(azurite.blobEndpoint()).credential(key).buildClient();
        String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
        String container = TEMP_CONTAINER + suffix;
        blobs.createBlobContainer(container);
        String sas = blobs.generateAccountSas(new AccountSasSignatureValues(OffsetDateTime.now().plusDays(1),
                AccountSasPermission.parse("rwdlacup"), AccountSasService.parse("bqt"), AccountSasResourceType.parse("sco")));
        QueueClient ready = queue(azurite, READY_QUEUE + suffix, key);
        QueueClient failed = queue(azurite, FAILED_QUEUE + suffix, key);
        QueueClient succeeded = queue(azurite, SUCCEEDED_QUEUE + suffix, key);
        String statusTable = STATUS_TABLE + suffix;
        new TableServiceClientBuilder().endpoint(azurite.tableEndpoint())
                .credential(new AzureNamedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY)).buildClient()
                .createTable(statusTable);
        adx.useIngestionResources(List.of(
                new AdxDouble.IngestionResource("IngestionsStatusTable", azurite.tableEndpoint() + "/" + statusTable + "?" + sas),
                new AdxDouble.IngestionResource("TempStorage", azurite.blobEndpoint() + "/" + container + "?" + sas),
                new AdxDouble.IngestionResource("SecuredReadyForAggregationQueue", ready.getQueueUrl() + "?" + sas),
                new AdxDouble.IngestionResource("FailedIngestionsQueue", failed.getQueueUrl() + "?" + sas),
                new AdxDouble.IngestionResource("SuccessfulIngestionsQueue", succeeded.getQueueUrl() + "?" + sas)));
        QueuedIngestionService service = new QueuedIngestionService(adx, ready, failed);
        service.worker.start();
        return service;
    }

    private static QueueClient queue(Azurite azurite, String name, StorageSharedKeyCredential key) {
        QueueClient queue = new QueueClientBuilder().endpoint(azurite.queueEndpoint()).queueName(name).credential(key).buildClient();
        queue.create();
        return queue;
    }

    public long ingestedBlobs() {
        return ingestedBlobs.get();
    }

    public long failedBlobs() {
        return failedBlobs.get();
    }

    /** Ingestion messages waiting in the queue (not yet taken by the worker). */
    public int waitingMessages() {
        return ready.getProperties().getApproximateMessagesCount();
    }

    private void drain() {
        while (!stopping) {
            try {
                boolean any = false;
                for (QueueMessageItem message : ready.receiveMessages(32, Duration.ofSeconds(30), null, null)) {
                    any = true;
                    ingest(message);
                    ready.deleteMessage(message.getMessageId(), message.getPopReceipt());
                }
                if (!any) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopping) {
                    // Azurite restarting or a bad message: the real DM keeps going too.
                    sleepQuietly();
                }
            }
        }
    }

    private void ingest(QueueMessageItem message) {
        String text = message.getBody().toString();
        JsonNode ingestion;
        try {
            ingestion = KustoResponses.JSON.readTree(decodeIfBase64(text));
        } catch (IOException e) {
            failed.sendMessage("unreadable ingestion message: " + e.getMessage());
            failedBlobs.incrementAndGet();
            return;
        }
        String blobPath = field(ingestion, "BlobPath").asText();
        String table = field(ingestion, "TableName").asText();
        String database = field(ingestion, "DatabaseName").asText();
        String mapping = field(field(ingestion, "AdditionalProperties"), "ingestionMappingReference").asText(null);
        try {
            byte[] content = new BlobClientBuilder().endpoint(blobPath).buildClient().downloadContent().toBytes();
            adx.ingestQueuedBlob(table, mapping, new String(gunzipIfNeeded(blobPath, content),
                    StandardCharsets.UTF_8));
            ingestedBlobs.incrementAndGet();
            reportStatus(ingestion, "Succeeded", "");
        } catch (IOException | RuntimeException e) {
            failedBlobs.incrementAndGet();
            reportStatus(ingestion, "Failed", e.getMessage());
            failed.sendMessage(KustoResponses.JSON.createObjectNode()
                    .put("IngestionSourcePath", blobPath.replaceAll("\\?.*$", ""))
                    .put("Database", database)
                    .put("Table", table)
                    .put("Details", e.getMessage())
                    .put("ErrorCode", e instanceof KustoRequestError ? ((KustoRequestError) e).code : "Unknown")
                    .put("FailureStatus", e instanceof KustoRequestError && ((KustoRequestError) e).permanent ? "Permanent" : "Transient")
                    .toString());
        }
    }

    /** Updates the client's status row, as ADX does when the message asks for a table report. */
    private static void reportStatus(JsonNode ingestion, String status, String details) {
        JsonNode inTable = field(ingestion, "IngestionStatusInTable");
        if (inTable.isMissingNode() || inTable.isNull()) {
            return;
        }
        try {
            TableAsyncClient table = TableWithSas.createTableClientFromUrl(
                    field(inTable, "TableConnectionString").asText(), null);
            table.updateEntity(new TableEntity(field(inTable, "PartitionKey").asText(), field(inTable, "RowKey").asText())
                    .addProperty("Status", status).addProperty("Details", details)
                    .addProperty("UpdatedOn", OffsetDateTime.now()), TableEntityUpdateMode.MERGE).block();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // A status the client cannot read stays Pending, as when ADX's status update is lost.
        }
    }

    /** The SDK 7.0.5 writes camelCase keys (blobPath, additionalProperties); ADX's documentation PascalCase. */
    private static JsonNode field(JsonNode node, String name) {
        var names = node.fieldNames();
        while (names.hasNext()) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String decodeIfBase64(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            return trimmed;
        }
        return new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8);
    }

    private static byte[] gunzipIfNeeded(String blobPath, byte[] content) throws IOException {
        boolean gzip = content.length > 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
        if (!gzip) {
            return content;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            return in.readAllBytes();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
