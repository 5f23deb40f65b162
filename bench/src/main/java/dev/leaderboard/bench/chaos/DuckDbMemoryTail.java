package dev.leaderboard.bench.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the embedded runner's log for its once-a-minute {@code DuckDB memory: N MiB in use} line, reading only
 * what was appended since the last call, so that sampling every few seconds does not re-read a log that grows
 * for the whole soak on the machine being measured.
 */
final class DuckDbMemoryTail {

    private static final Pattern REPORT = Pattern.compile("DuckDB memory: (\\d+) MiB in use");

    private final Path log;
    private long offset;
    private double lastMiB = Double.NaN;

    DuckDbMemoryTail(Path log) {
        this.log = log;
    }

    /** What DuckDB's buffer manager held at the runner's latest report; NaN before the first. */
    double latestMiB() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return lastMiB;
            }
            byte[] appended = new byte[(int) Math.min(length - offset, Integer.MAX_VALUE)];
            file.seek(offset);
            file.readFully(appended);
            // Only whole lines: a line still being written is read again, complete, next time.
            int end = lastNewline(appended);
            offset += end;
            // Latin-1 decodes any byte, so a stray non-UTF-8 byte in the log cannot hide the figure.
            Matcher report = REPORT.matcher(new String(appended, 0, end, StandardCharsets.ISO_8859_1));
            while (report.find()) {
                lastMiB = Long.parseLong(report.group(1));
            }
        } catch (IOException e) {
            return lastMiB;
        }
        return lastMiB;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
