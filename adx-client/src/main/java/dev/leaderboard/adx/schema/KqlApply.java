package dev.leaderboard.adx.schema;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.KustoOperationResult;
import com.microsoft.azure.kusto.data.KustoResultSetTable;
import com.microsoft.azure.kusto.data.exceptions.DataClientException;
import com.microsoft.azure.kusto.data.exceptions.DataServiceException;
import dev.leaderboard.adx.AdxConnection;
import dev.leaderboard.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code kql/schema} to a cluster or the Kusto emulator, one file at a time as
 * {@code .execute database script with (ThrowOnErrors=true)}. The scripts are idempotent
 * ({@code .create-merge}, {@code .create-or-alter}, {@code ifnotexists}): applying twice changes nothing.
 */
public final class KqlApply {

    private static final Logger log = LoggerFactory.getLogger(KqlApply.class);

    /** The emulator starts with no database; a real cluster's database comes from Bicep. */
    static final String CREATE_EMULATOR_DATABASE = ".create database %s volatile ifnotexists";
    /** The cheapest command an engine answers once it is up. */
    private static final String SHOW_VERSION = ".show version";

    private final Client client;
    private final String database;

    public KqlApply(Client client, String database) {
        this.client = client;
        this.database = database;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        AdxConnection connection;
        try {
            connection = AdxConnection.from(settings);
        } catch (Settings.InvalidSettingException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Path folder = settings.path("KQL_SCHEMA_DIR", "kql/schema");
        boolean createDatabase = Boolean.parseBoolean(settings.text("ADX_CREATE_DATABASE", "false"));
        Duration wait = Duration.ofSeconds(settings.intInRange("ADX_WAIT_SECONDS", 0, 0, 3600));
        log.info("Applying {} to {}", folder, connection);
        KqlApply apply = new KqlApply(connection.client(), connection.database());
        apply.awaitEngine(wait);
        if (createDatabase) {
            apply.createDatabase();
        }
        apply.apply(SchemaScripts.load(folder));
    }

    /** A container that has just started may refuse connections for a while; wait up to {@code patience}. */
    public void awaitEngine(Duration patience) throws DataServiceException, DataClientException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                client.executeMgmt(SHOW_VERSION);
                return;
            } catch (DataClientException | DataServiceException e) {
                if (System.nanoTime() >= deadline) {
                    throw e;
                }
                log.info("ADX not answering yet ({}); retrying", e.getMessage());
                Thread.sleep(2_000);
            }
        }
    }

    public void createDatabase() throws DataServiceException, DataClientException {
        client.executeMgmt(String.format(CREATE_EMULATOR_DATABASE, database));
        log.info("Database {} exists", database);
    }

    /** Applies every script in order; stops at the first that fails, naming it. */
    public void apply(List<SchemaScripts.Script> scripts) throws DataServiceException, DataClientException {
        for (SchemaScripts.Script script : scripts) {
            KustoOperationResult result;
            try {
                result = client.executeMgmt(database, ".execute database script with (ThrowOnErrors=true) <|\n"
                        + script.text().strip());
            } catch (DataServiceException e) {
                log.error("{} failed: {}", script.name(), e.getMessage());
                throw e;
            }
            log.info("{}: {} commands applied", script.name(), commandCount(result));
        }
    }

    private static int commandCount(KustoOperationResult result) {
        KustoResultSetTable table = result.getPrimaryResults();
        int rows = 0;
        while (table.next()) {
            rows++;
        }
        return rows;
    }
}
