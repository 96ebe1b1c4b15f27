package com.unifiedcommerce.it.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where every topic ended before the run's system started. The broker is shared with the tests
 * that ran before (the suite's modules publish to the same topics), and the run's consumers read
 * what those left behind and dead-letter what belongs to no entity of theirs: a dead letter whose
 * source event lies before these ends is not the run's.
 */
final class TopicEnds {

    private static final Pattern SOURCE = Pattern.compile("^(.+)\\[(\\d+)]@(\\d+)$");

    private final Map<String, Long> ends;

    private TopicEnds(Map<String, Long> ends) {
        this.ends = ends;
    }

    static TopicEnds now(String bootstrap) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Long> ends = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            for (Map.Entry<String, List<PartitionInfo>> topic :
                    consumer.listTopics().entrySet()) {
                List<TopicPartition> partitions = topic.getValue().stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                consumer.endOffsets(partitions)
                        .forEach((partition, end) ->
                                ends.put(partition.topic() + "[" + partition.partition() + "]", end));
            }
        }
        return new TopicEnds(ends);
    }

    /** Whether a dead letter's source ({@code topic[partition]@offset}) was published before the run. */
    boolean before(String source) {
        Matcher matcher = SOURCE.matcher(String.valueOf(source));
        if (!matcher.matches()) {
            return false;
        }
        long offset = Long.parseLong(matcher.group(3));
        return offset < ends.getOrDefault(matcher.group(1) + "[" + matcher.group(2) + "]", 0L);
    }
}
