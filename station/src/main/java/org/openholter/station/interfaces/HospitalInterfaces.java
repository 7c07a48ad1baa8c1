package org.openholter.station.interfaces;

import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openholter.core.config.TlsFiles;
import org.openholter.station.StationConfig;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.AlarmEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hospital's interfaces, fed by the pipeline: every alarm step on Kafka becomes an IHE PCD-04 report to the HL7
 * receiver, and every period ({@code --vitals.period-s}) each monitored patient's vitals, read from InfluxDB, become a
 * PCD-01 report and / or FHIR R4 Observations. Alarms are read in order and their offsets committed only once the
 * receiver took them (or refused them for good), so a station restart or an HL7 outage loses none. Vitals of a period
 * are read once its windows are in InfluxDB ({@link #SETTLE}); a period InfluxDB could not answer is read again.
 */
public final class HospitalInterfaces implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HospitalInterfaces.class);
    /** How long after a period ends its vitals are read: the job's windows reach InfluxDB 2–12 s after their samples. */
    public static final Duration SETTLE = Duration.ofSeconds(20);
    /** Periods not read after this long are skipped (InfluxDB away for a day). */
    private static final Duration MAX_BACKLOG = Duration.ofHours(24);

    private final StationConfig config;
    private final PcdMessages pcd;
    private final FhirObservations observations = new FhirObservations();
    private MllpLink hl7;
    private FhirLink fhir;
    private HL7Service dispatchServer;
    private DispatchStatus dispatch;
    private KafkaProducer<byte[], byte[]> commands;
    private VitalsReader vitals;
    private Thread alarmReader;
    private ScheduledExecutorService timer;
    private volatile boolean running = true, alarmsReady;
    private long nextFrom = Long.MIN_VALUE;
    private final AtomicLong alarmsReported = new AtomicLong(), alarmsSkipped = new AtomicLong(), vitalsReports = new AtomicLong(),
            vitalsReadFailures = new AtomicLong();

    public HospitalInterfaces(StationConfig config) {
        this.config = config;
        this.pcd = new PcdMessages(config.sender());
    }

    public void start() throws Exception {
        if (config.hl7Host() != null) {
            hl7 = new MllpLink(pcd.hapi(), config.hl7Host(), config.hl7Port(), config.hl7Tls(), config.hl7Timeout(), config.hl7VitalsQueue());
            alarmReader = new Thread(this::readAlarms, "station-alarms");
            alarmReader.setDaemon(true);
            alarmReader.start();
            LOG.info("HL7: PCD-04 alarms and PCD-01 vitals to {}:{} over MLLP{}", config.hl7Host(), config.hl7Port(), config.hl7Tls() ? " (TLS)" : "");
        }
        if (config.fhirUrl() != null) {
            fhir = new FhirLink(StationConfig.httpClient(config.fhirCa(), "--fhir.ca-file"), config.fhirUrl(), config.fhirToken(), Duration.ofSeconds(30), config.fhirQueue());
            LOG.info("FHIR: vitals Observations to {}", config.fhirUrl());
        }
        if (config.dispatchPort() > 0) {
            if (config.ackOnAccept()) commands = new KafkaProducer<>(producerProperties());
            dispatch = new DispatchStatus(config.ackOnAccept(), this::command, r -> { });
            dispatchServer = pcd.hapi().newServer(config.dispatchPort(), false);
            dispatchServer.registerApplication("ORU", "R41", dispatch);
            dispatchServer.startAndWait();
            LOG.info("HL7: alarm dispatch reports (PCD-05) received on port {}{}", config.dispatchPort(),
                    config.ackOnAccept() ? "; an accepted alarm is acknowledged" : "");
        }
        vitals = new VitalsReader(config.influx());
        long period = config.vitalsPeriod().toMillis();
        long now = System.currentTimeMillis();
        nextFrom = Math.floorDiv(now - SETTLE.toMillis(), period) * period;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "station-vitals");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::reportVitals, 1_000, 1_000, TimeUnit.MILLISECONDS);
    }

    /** Every period that has settled and is not reported yet: read and sent. */
    void reportVitals() {
        long period = config.vitalsPeriod().toMillis();
        long settled = System.currentTimeMillis() - SETTLE.toMillis();
        if (nextFrom < settled - MAX_BACKLOG.toMillis()) {
            long skipTo = Math.floorDiv(settled, period) * period - period;
            LOG.warn("vitals of {} min not read (InfluxDB away): skipped", (skipTo - nextFrom) / 60_000);
            nextFrom = skipTo;
        }
        while (running && nextFrom + period <= settled) {
            List<Vitals> vs;
            try {
                vs = vitals.read(nextFrom, nextFrom + period);
            } catch (Exception e) {
                if (vitalsReadFailures.incrementAndGet() % 60 == 1) LOG.warn("vitals not read from InfluxDB ({}); tried again", e.getMessage());
                return;
            }
            long now = System.currentTimeMillis();
            for (Vitals v : vs) {
                if (v.empty()) continue;
                try {
                    if (hl7 != null) hl7.send(pcd.vitals(v, now), false);
                    if (fhir != null) fhir.send(observations.bundle(v));
                    vitalsReports.incrementAndGet();
                } catch (Exception e) {
                    LOG.error("vitals report of a patient not built ({}): skipped", e.getMessage());
                }
            }
            nextFrom += period;
        }
    }

    /** Alarm steps from Kafka to the HL7 receiver, in order, each committed once it is done. */
    private void readAlarms() {
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the job writes alarms exactly once
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        while (running) {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
                consumer.subscribe(List.of(config.alarmsTopic()), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                    @Override public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> parts) { }
                    @Override public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> parts) {
                        // A new group starts at the newest alarm: fix that position now, so that every alarm from here on is read.
                        for (var tp : parts) consumer.position(tp);
                        alarmsReady = !parts.isEmpty();
                    }
                });
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        report(consumer, r);
                        if (!running) return;
                    }
                    if (!records.isEmpty()) consumer.commitSync();
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                LOG.warn("alarm reader: {}; starting again in 5 s", e.toString());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void report(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecord<byte[], byte[]> r) {
        AlarmEvent a;
        try {
            a = AlarmEvent.fromJson(r.value());
        } catch (IllegalArgumentException e) {
            alarmsSkipped.incrementAndGet();
            LOG.warn("alarm record at offset {} of partition {} is not an alarm event: skipped", r.offset(), r.partition());
            return;
        }
        if (AlarmEvent.VETOED.equals(a.state())) return; // not an alarm: kept for the audit only
        if (a.eventMillis() < System.currentTimeMillis() - config.alarmsMaxAge().toMillis()) {
            alarmsSkipped.incrementAndGet();
            return;
        }
        Message m;
        try {
            m = pcd.alarm(a, System.currentTimeMillis());
        } catch (Exception e) {
            alarmsSkipped.incrementAndGet();
            LOG.error("PCD-04 report not built for an alarm at offset {} ({}): skipped", r.offset(), e.getMessage());
            return;
        }
        CompletableFuture<MllpLink.Outcome> done = hl7.send(m, true);
        // Wait for the receiver, polling (paused) so that the group keeps this consumer.
        while (!done.isDone() && running) {
            consumer.pause(consumer.assignment());
            consumer.poll(Duration.ofMillis(200));
        }
        consumer.resume(consumer.paused());
        if (done.isDone()) alarmsReported.incrementAndGet();
    }

    private void command(AlarmCommand c) {
        if (commands == null) return;
        commands.send(new ProducerRecord<>(config.commandsTopic(), c.deviceId().getBytes(StandardCharsets.UTF_8), c.toJson()));
    }

    private Properties producerProperties() {
        Properties p = config.kafkaProperties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** One line of counts for the log. */
    public String status() {
        StringBuilder b = new StringBuilder();
        b.append("alarms reported=").append(alarmsReported.get()).append(" skipped=").append(alarmsSkipped.get())
                .append(" vitals reports=").append(vitalsReports.get()).append(" influx-failures=").append(vitalsReadFailures.get());
        if (hl7 != null) b.append(" | hl7 accepted=").append(hl7.accepted()).append(" refused=").append(hl7.refused())
                .append(" retries=").append(hl7.retries()).append(" dropped=").append(hl7.dropped()).append(" waiting=").append(hl7.waiting());
        if (fhir != null) b.append(" | fhir posted=").append(fhir.posted()).append(" refused=").append(fhir.refused())
                .append(" retries=").append(fhir.retries()).append(" dropped=").append(fhir.dropped()).append(" waiting=").append(fhir.waiting());
        if (dispatch != null) b.append(" | dispatch reports=").append(dispatch.received()).append(" unreadable=").append(dispatch.unreadable());
        return b.toString();
    }

    /** True once the alarm reader has its partitions: every alarm written from then on is reported. */
    public boolean alarmsReady() { return alarmsReady; }

    public MllpLink hl7() { return hl7; }
    public FhirLink fhir() { return fhir; }
    public DispatchStatus dispatch() { return dispatch; }

    @Override
    public void close() {
        running = false;
        if (timer != null) timer.shutdownNow();
        if (alarmReader != null) {
            try {
                alarmReader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (hl7 != null) hl7.close();
        if (fhir != null) fhir.close();
        if (dispatchServer != null) dispatchServer.stopAndWait();
        if (commands != null) commands.close(Duration.ofSeconds(5));
    }
}
