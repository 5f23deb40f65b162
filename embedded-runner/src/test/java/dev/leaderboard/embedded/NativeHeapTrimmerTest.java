package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class NativeHeapTrimmerTest {

    @Test
    void aJdk17Of17Point9OrLaterOnLinuxTrimsAndSaysHowMuchItGaveBack() {
        boolean expected = System.getProperty("os.name").startsWith("Linux")
                && Runtime.version().compareTo(Runtime.Version.parse("17.0.9")) >= 0;

        assertThat(NativeHeapTrimmer.available()).isEqualTo(expected);
        Optional<String> account = NativeHeapTrimmer.trimOnce();
        if (expected) {
            assertThat(account).hasValueSatisfying(text -> assertThat(text).matches("Trim native heap: RSS\\+Swap: .+->.+ \\(.+\\)"));
        } else {
            assertThat(account).isEmpty();
        }
    }

    @Test
    void startsOnlyWhereTheJvmCanTrimAndStopsOnClose() throws Exception {
        Optional<NativeHeapTrimmer> trimmer = NativeHeapTrimmer.start(Duration.ofMillis(20));

        assertThat(trimmer.isPresent()).isEqualTo(NativeHeapTrimmer.available());
        if (trimmer.isPresent()) {
            Thread.sleep(100);
            assertThat(trimmer.get().stopped(Duration.ZERO)).as("still trimming").isFalse();
            trimmer.get().close();
            assertThat(trimmer.get().stopped(Duration.ofSeconds(5))).isTrue();
        }
    }
}
