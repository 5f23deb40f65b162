package dev.leaderboard.ingest.batch;

/** The offsets of one partition that a batch covers, valid and rejected records alike. */
public record OffsetRange(long first, long last) {

    public OffsetRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad offset range " + first + ".." + last);
        }
    }

    /** The offset to read next once this range is stored: what Kafka and the store call "committed". */
    public long next() {
        return last + 1;
    }

    OffsetRange extendTo(long offset) {
        return new OffsetRange(first, offset);
    }
}
