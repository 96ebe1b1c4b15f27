package com.unifiedcommerce.infra.support;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topics (every topic whose name ends in {@code dlq}): {@code list} shows each
 * dead letter with its event, where it came from and why it failed; {@code replay} publishes the
 * dead letters not replayed yet back to the topic they came from, unchanged (same CloudEvents id,
 * key and payload), and remembers how far it got (consumer group {@value #GROUP}). Replaying is
 * idempotent twice over: a letter is replayed once, and every consumer records event ids in its
 * inbox, so only the consumer that failed applies it. {@code scripts/dead-letters.sh} runs it.
 */
public final class DeadLetters {

    static final String GROUP = "commerce-dead-letters-replay";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One dead letter: where it is, what it carries, and why it is there. */
    public record Letter(
            String topic,
            int partition,
            long offset,
            String eventId,
            String eventType,
            String from,
            String reason,
            boolean replayed) {}

    private final String bootstrap;

    public DeadLetters(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[1].equals("list") || args[1].equals("replay"))) {
            System.err.println("usage: DeadLetters <bootstrap servers> list|replay [topic]");
            System.exit(2);
        }
        DeadLetters letters = new DeadLetters(args[0]);
        List<String> topics = args.length > 2 ? List.of(args[2]) : letters.topics();
        PrintStream out = System.out;
        if (args[1].equals("list")) {
            List<Letter> found = letters.list(topics);
            for (Letter letter : found) {
                out.printf(
                        "%s[%d]@%d  %s %s  from %s  %s%n  %s%n",
                        letter.topic(),
                        letter.partition(),
                        letter.offset(),
                        letter.eventType(),
                        letter.eventId(),
                        letter.from(),
                        letter.replayed() ? "(replayed)" : "(not replayed)",
                        letter.reason());
            }
            out.printf("%d dead letters on %d dead-letter topics%n", found.size(), topics.size());
        } else {
            out.printf("replayed %d dead letters%n", letters.replay(topics));
        }
    }

    /** Every dead-letter topic of the broker. */
    public List<String> topics() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get().stream()
                    .filter(name -> name.endsWith("dlq"))
                    .sorted()
                    .toList();
        }
    }

    /** Every letter on the topics, oldest first per partition, and whether it was replayed. */
    public List<Letter> list(List<String> topics) {
        List<Letter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topics);
            Map<TopicPartition, OffsetAndMetadata> replayed = consumer.committed(new HashSet<>(partitions));
            readToEnd(consumer, partitions, record -> {
                OffsetAndMetadata done = replayed.get(new TopicPartition(record.topic(), record.partition()));
                letters.add(letter(record, done != null && record.offset() < done.offset()));
            });
        }
        return letters;
    }

    /** Publishes the letters not replayed yet back where they came from; emits how many. */
    public int replay(List<String> topics) throws ExecutionException, InterruptedException, TimeoutException {
        int replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions = partitions(consumer, topics);
            Map<TopicPartition, OffsetAndMetadata> done = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata from = done.get(partition);
                if (from != null) {
                    consumer.seek(partition, from.offset());
                }
            }
            List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
            readToEnd(consumer, partitions, pending::add);
            for (ConsumerRecord<byte[], byte[]> record : pending) {
                String origin = header(record, "dead-letter-topic");
                if (origin == null) {
                    System.err.printf(
                            "%s[%d]@%d has no dead-letter-topic header; left alone%n",
                            record.topic(), record.partition(), record.offset());
                } else {
                    RecordHeaders headers = new RecordHeaders();
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith("dead-letter-")) {
                            headers.add(header);
                        }
                    }
                    producer.send(new ProducerRecord<>(origin, null, record.key(), record.value(), headers))
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    replayed++;
                }
                consumer.commitSync(Map.of(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1)));
            }
        }
        return replayed;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The topics' partitions, assigned to the consumer at their beginning. */
    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, WAIT)
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** Reads from each partition's position to its end as it was when reading began. */
    private static void readToEnd(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, WAIT));
        Instant deadline = Instant.now().plus(WAIT);
        while (partitions.stream().anyMatch(p -> consumer.position(p, WAIT) < ends.get(p))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the dead-letter topics could not be read to their end in " + WAIT);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                }
            }
        }
    }

    private static Letter letter(ConsumerRecord<byte[], byte[]> record, boolean replayed) {
        String from = header(record, "dead-letter-topic");
        String fromPartition = header(record, "dead-letter-partition");
        String fromOffset = header(record, "dead-letter-offset");
        return new Letter(
                record.topic(),
                record.partition(),
                record.offset(),
                header(record, "ce_id"),
                header(record, "ce_type"),
                from == null ? "?" : from + "[" + fromPartition + "]@" + fromOffset,
                header(record, "dead-letter-reason"),
                replayed);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
