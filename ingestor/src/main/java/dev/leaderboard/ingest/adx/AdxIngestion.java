package dev.leaderboard.ingest.adx;

/**
 * One way of handing ADX a batch of JSON lines ({@link AdxIngestMode}). Returns once ADX accepted them,
 * in the mode's sense of "accepted"; throws the SDK's exception otherwise.
 */
interface AdxIngestion extends AutoCloseable {

    /** {@code batch} names the batch (offset ranges) for logs. */
    void ingest(byte[] jsonLines, String batch) throws Exception;

    @Override
    void close();
}
