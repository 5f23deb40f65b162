package dev.leaderboard.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void usesTheDefaultWhenTheVariableIsUnsetOrBlank() {
        Settings settings = new Settings(Map.of("BLANK", "  "));

        assertThat(settings.intInRange("UNSET", 7, 1, 10)).isEqualTo(7);
        assertThat(settings.text("BLANK", "fallback")).isEqualTo("fallback");
    }

    @Test
    void readsValuesWithinBounds() {
        Settings settings = new Settings(Map.of("N", "42", "LINGER_MS", "250", "NAME", " gameplay "));

        assertThat(settings.intInRange("N", 1, 1, 100)).isEqualTo(42);
        assertThat(settings.millis("LINGER_MS", 100, 0, 60_000)).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.text("NAME", "x")).isEqualTo("gameplay");
    }

    @Test
    void namesTheVariableWhenAValueIsNotANumber() {
        Settings settings = new Settings(Map.of("INGEST_BATCH_MAX_RECORDS", "lots"));

        assertThatThrownBy(() -> settings.intInRange("INGEST_BATCH_MAX_RECORDS", 10, 1, 100))
                .isInstanceOf(Settings.InvalidSettingException.class)
                .hasMessage("INGEST_BATCH_MAX_RECORDS must be an integer in 1..100, was 'lots'");
    }

    @Test
    void namesTheVariableWhenAValueIsOutOfBounds() {
        Settings settings = new Settings(Map.of("WEB_PORT", "70000"));

        assertThatThrownBy(() -> settings.intInRange("WEB_PORT", 7070, 0, 65535))
                .hasMessage("WEB_PORT must be an integer in 0..65535, was '70000'");
    }

    enum Flavour { AZURE_CLI, NONE }

    @Test
    void readsAChoiceByItsWordAndListsTheWordsWhenItIsUnknown() {
        Settings settings = new Settings(Map.of("AUTH", "azure-cli", "BAD", "password"));

        assertThat(settings.choice("AUTH", Flavour.NONE, Flavour.class)).isEqualTo(Flavour.AZURE_CLI);
        assertThat(settings.choice("UNSET", Flavour.NONE, Flavour.class)).isEqualTo(Flavour.NONE);
        assertThatThrownBy(() -> settings.choice("BAD", Flavour.NONE, Flavour.class))
                .hasMessage("BAD must be one of azure-cli, none, was 'password'");
    }

    @Test
    void failsOnAMissingRequiredSettingNamingItsPurpose() {
        assertThatThrownBy(() -> new Settings(Map.of()).required("ADX_CLUSTER_URL", "the cluster's query URL"))
                .isInstanceOf(Settings.InvalidSettingException.class)
                .hasMessage("ADX_CLUSTER_URL is required: the cluster's query URL");
    }
}
