package dev.leaderboard.adx.schema;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.KustoOperationResult;
import com.microsoft.azure.kusto.data.KustoResultSetTable;
import com.microsoft.azure.kusto.data.exceptions.DataClientException;
import com.microsoft.azure.kusto.data.exceptions.DataServiceException;
import dev.leaderboard.adx.AdxConnection;
import dev.leaderboard.adx.AdxOptions;
import dev.leaderboard.settings.SettingOptions;
import dev.leaderboard.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    public static void main(String[] args) {
        System.exit(SettingOptions.commandLine(new Command()).execute(args));
    }

    /** {@code KqlApply [options]}: every setting an option, its default from the environment variable. */
    @CommandLine.Command(name = "kql-apply", mixinStandardHelpOptions = true, sortOptions = false,
            versionProvider = SettingOptions.ProjectVersion.class,
            description = "Applies kql/schema to an ADX cluster or the Kusto emulator, one script at a time.")
    public static final class Command implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--schema-dir", paramLabel = "KQL_SCHEMA_DIR", defaultValue = "${env:KQL_SCHEMA_DIR:-kql/schema}",
                description = "The scripts to apply, in file-name order (default: ${DEFAULT-VALUE}).")
        String schemaDir;

        @Option(names = "--create-database", paramLabel = "ADX_CREATE_DATABASE",
                defaultValue = "${env:ADX_CREATE_DATABASE:-false}",
                description = "Create the database first, as the emulator has none: true or false (default: ${DEFAULT-VALUE}).")
        String createDatabase;

        @Option(names = "--wait-seconds", paramLabel = "ADX_WAIT_SECONDS", defaultValue = "${env:ADX_WAIT_SECONDS:-0}",
                description = "How long to wait for an engine that is still starting (default: ${DEFAULT-VALUE}).")
        String waitSeconds;

        @Mixin
        AdxOptions adx;

        @Override
        public Integer call() throws Exception {
            Settings settings = SettingOptions.settings(spec);
            AdxConnection connection = AdxConnection.from(settings);
            Path folder = settings.path("KQL_SCHEMA_DIR", "kql/schema");
            boolean createDatabase = settings.choice("ADX_CREATE_DATABASE", Flag.FALSE, Flag.class) == Flag.TRUE;
            Duration wait = Duration.ofSeconds(settings.intInRange("ADX_WAIT_SECONDS", 0, 0, 3600));
            log.info("Applying {} to {}", folder, connection);
            KqlApply apply = new KqlApply(connection.client(), connection.database());
            apply.awaitEngine(wait);
            if (createDatabase) {
                apply.createDatabase();
            }
            apply.apply(SchemaScripts.load(folder));
            return 0;
        }
    }

    /** ADX_CREATE_DATABASE's two values: anything else is a bad setting, not a silent false. */
    private enum Flag { TRUE, FALSE }

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
