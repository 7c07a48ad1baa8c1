package org.openholter.station.web;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.openholter.core.codec.CodecJson;
import org.openholter.core.signal.ChannelKind;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.DeviceStatus;
import org.openholter.wire.EcgFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka to the {@link WardBoard} and {@link RecentEcg}: the devices' frames and the job's codec from now on (the live
 * strips and their labels), and the alarms and statuses of the last {@link #LOOK_BACK} (so that a station started late
 * still shows the alarms latched before it, and knows which devices are online), then as they come. Reads without a
 * consumer group: every station sees everything. The codec topic is read once the job has made it.
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** How far back alarms and statuses are read at start. */
    static final Duration LOOK_BACK = Duration.ofHours(12);

    private final Properties properties;
    private final String frames, alarms, status, codec;
    private final WardBoard board;
    private final RecentEcg recent;
    private final Thread thread;
    private volatile boolean running = true, ready;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLong unreadable = new AtomicLong();

    public LiveFeed(Properties kafka, String framesTopic, String alarmsTopic, String statusTopic, String codecTopic, WardBoard board, RecentEcg recent) {
        this.properties = kafka;
        this.frames = framesTopic;
        this.alarms = alarmsTopic;
        this.status = statusTopic;
        this.codec = codecTopic;
        this.board = board;
        this.recent = recent;
        this.thread = new Thread(this::run, "station-feed");
        thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    /** True once the feed reads every topic's partitions. */
    public boolean ready() { return ready; }

    private void run() {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        while (running) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                consumer = c;
                if (!running) return;
                assign(c);
                long codecChecked = System.currentTimeMillis();
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) take(r);
                    if (!codecRead && System.currentTimeMillis() - codecChecked > 10_000) {
                        codecChecked = System.currentTimeMillis();
                        addCodec(c);
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException | org.apache.kafka.common.errors.InterruptException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                ready = false;
                LOG.warn("station feed: {}; reading again in 5 s", e.toString());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Every partition of the three topics: frames from their end, alarms and statuses from {@link #LOOK_BACK} ago. */
    private void assign(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        List<TopicPartition> all = new ArrayList<>(), fromEnd = new ArrayList<>(), back = new ArrayList<>();
        for (String topic : List.of(frames, alarms, status)) {
            List<PartitionInfo> parts;
            while ((parts = c.partitionsFor(topic, Duration.ofSeconds(10))) == null || parts.isEmpty()) {
                if (!running) return;
                Thread.sleep(1_000); // not created yet (the gateway creates the topics)
            }
            for (PartitionInfo i : parts) {
                TopicPartition tp = new TopicPartition(topic, i.partition());
                all.add(tp);
                (topic.equals(frames) ? fromEnd : back).add(tp);
            }
        }
        c.assign(all);
        c.seekToEnd(fromEnd);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - LOOK_BACK.toMillis();
        for (TopicPartition tp : back) since.put(tp, from);
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(since);
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition tp : back) {
            OffsetAndTimestamp o = offsets.get(tp);
            if (o == null) toEnd.add(tp);
            else c.seek(tp, o.offset());
        }
        c.seekToEnd(toEnd);
        for (TopicPartition tp : all) c.position(tp);
        codecRead = false;
        addCodec(c);
        ready = true;
    }

    private boolean codecRead, codecWarned;

    /** Adds the codec's partitions, from their end, once the job has created the topic. */
    private void addCodec(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> parts;
        try {
            parts = c.partitionsFor(codec, Duration.ofSeconds(2));
        } catch (org.apache.kafka.common.errors.AuthorizationException | org.apache.kafka.common.errors.TimeoutException e) {
            // The strips still run without it; only their codec overlay is missing.
            if (!codecWarned) LOG.warn("station feed: the codec topic {} cannot be read ({}): the patient page draws no codec", codec, e.getMessage());
            codecWarned = true;
            return;
        }
        if (parts == null || parts.isEmpty()) return;
        List<TopicPartition> add = parts.stream().map(i -> new TopicPartition(codec, i.partition())).toList();
        List<TopicPartition> all = new ArrayList<>(c.assignment());
        all.addAll(add);
        c.assign(all);
        c.seekToEnd(add);
        for (TopicPartition tp : add) c.position(tp);
        codecRead = true;
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        long now = System.currentTimeMillis();
        try {
            if (r.topic().equals(frames)) frame(BinaryFrameCodec.decode(r.value()), now);
            else if (r.topic().equals(codec)) recent.codec(CodecJson.parse(r.value()));
            else if (r.topic().equals(alarms)) {
                AlarmEvent a = AlarmEvent.fromJson(r.value());
                board.alarm(a);
                recent.alarm(a, now);
            } else board.status(org.openholter.wire.Json.MAPPER.readValue(r.value(), DeviceStatus.class));
        } catch (Exception e) {
            if (unreadable.incrementAndGet() % 1000 == 1) LOG.warn("station feed: a {} record could not be read ({}); {} so far", r.topic(), e.getMessage(), unreadable.get());
        }
    }

    /** The frame's analysis lead (its first ECG channel) in mV, NaN where the electrode is off. */
    private void frame(EcgFrame f, long now) {
        recent.frame(f);
        String[] names = f.channelNames();
        int ch = -1;
        for (int c = 0; c < names.length && ch < 0; c++) if (ChannelKind.of(names[c]) == ChannelKind.ECG) ch = c;
        if (ch < 0) return;
        boolean off = f.leadOff(ch);
        float[] mv = new float[f.samplesPerChannel()];
        for (int i = 0; i < mv.length; i++) mv[i] = off ? Float.NaN : f.millivolts(ch, i);
        board.samples(f.deviceId(), null, null, f.sampleRateHz(), f.firstSampleMicros(), mv, now);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup(); // not an interrupt: the consumer then closes cleanly
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
