package dev.leaderboard.ingest.adx;

/**
 * One way of handing ADX a batch of JSON lines ({@link AdxIngestMode}). Returns once ADX accepted them,
 * in the mode's sense of "accepted"; throws the SDK's exception otherwise.
 */
interface AdxIngestion extends AutoCloseable {

    void ingest(byte[] jsonLines) throws Exception;

    @Override
    void close();
}
