SELECT NextOffset FROM IngestOffsets WHERE Topic = ? AND KafkaPartition = ?
