package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class NativeHeapTrimmerTest {

    @Test
    void trimsThroughTheJvmsDiagnosticCommandAndReportsResidentMemoryBeforeAndAfter() {
        assertThat(NativeHeapTrimmer.trimOnce()).hasValueSatisfying(report ->
                assertThat(report).matches("RSS\\+Swap: \\d+[KMG]?->\\d+[KMG]? \\(.+\\)"));
    }

    @Test
    void keepsTrimmingUntilClosed() {
        NativeHeapTrimmer trimmer = NativeHeapTrimmer.start(Duration.ofSeconds(1));
        assertThat(trimmer.isScheduled()).isTrue();
        trimmer.close();
        assertThat(trimmer.isScheduled()).isFalse();
    }

    @Test
    void aZeroIntervalTrimsNever() {
        try (NativeHeapTrimmer trimmer = NativeHeapTrimmer.start(Duration.ZERO)) {
            assertThat(trimmer.isScheduled()).isFalse();
        }
    }
}
