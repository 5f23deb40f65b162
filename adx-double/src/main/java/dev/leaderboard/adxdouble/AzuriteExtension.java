package dev.leaderboard.adxdouble;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link Azurite}, started on first use and stopped when the test run ends.
 * The npm folder is {@code ../adx-double/azurite} from the module under test, or the
 * {@code azurite.dir} system property.
 */
public final class AzuriteExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AzuriteExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // One Azurite for the whole run: it takes seconds to start, and every test uses its own queue messages.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("azurite", key -> new Running(Azurite.start(npmFolder())), Running.class).azurite;
    }

    private static Path npmFolder() {
        String configured = System.getProperty("azurite.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path here = Path.of("azurite");
        return here.resolve("package.json").toFile().isFile() ? here : Path.of("..", "adx-double", "azurite");
    }

    /** Closed by JUnit when the root store is closed. */
    private static final class Running implements AutoCloseable {
        final Azurite azurite;

        Running(Azurite azurite) {
            this.azurite = azurite;
        }

        @Override
        public void close() {
            azurite.close();
        }
    }
}
