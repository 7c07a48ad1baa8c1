package org.openholter.station;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openholter.core.auth.Clinicians;
import org.openholter.station.interfaces.HospitalInterfaces;
import org.openholter.station.web.AlarmStrips;
import org.openholter.station.web.LiveFeed;
import org.openholter.station.web.RecentEcg;
import org.openholter.station.web.StationServer;
import org.openholter.station.web.TrendReader;
import org.openholter.station.web.VitalsPoller;
import org.openholter.station.web.WardBoard;

import java.util.Properties;

/** The station: the central station's web pages and / or the hospital interfaces, as {@link StationConfig} asks. */
public final class Station implements AutoCloseable {
    private final StationConfig config;
    private final WardBoard board = new WardBoard();
    private final RecentEcg recent = new RecentEcg();
    private LiveFeed feed;
    private VitalsPoller vitals;
    private KafkaProducer<byte[], byte[]> commands;
    private StationServer web;
    private HospitalInterfaces interfaces;
    private int webPort = -1;
    private final boolean keepBoard;

    public Station(StationConfig config) {
        this(config, false);
    }

    /** {@code keepBoard}: keep the ward's state ({@link #board()}) even without web pages (the demo's terminal view). */
    public Station(StationConfig config, boolean keepBoard) {
        this.config = config;
        this.keepBoard = keepBoard;
    }

    public Station start() throws Exception {
        if (config.webPort() != 0 || keepBoard) {
            Properties kafka = config.kafkaProperties();
            kafka.put("bootstrap.servers", config.kafkaBootstrap());
            feed = new LiveFeed(kafka, config.framesTopic(), config.alarmsTopic(), config.statusTopic(), config.codecTopic(), board, recent).start();
            vitals = new VitalsPoller(config.influx(), board).start();
        }
        if (config.webPort() != 0) {
            Properties p = config.kafkaProperties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            commands = new KafkaProducer<>(p);
            TrendReader trends = new TrendReader(config.influx());
            Clinicians clinicians = config.clinicians() == null ? null : Clinicians.read(config.clinicians());
            web = new StationServer(board, recent, new AlarmStrips(config.stripsDir(), config.stripsKeep()), trends, commands,
                    config.commandsTopic(), config.webUserHeader(), config.webUser(), clinicians);
            webPort = web.start(config.webBind(), config.webPort() < 0 ? 0 : config.webPort());
        }
        if (config.hl7Host() != null || config.fhirUrl() != null) {
            interfaces = new HospitalInterfaces(config);
            interfaces.start();
        }
        return this;
    }

    /** The web station's port (-1: none). */
    public int webPort() { return webPort; }

    /** True once the live feed reads every topic (or there is no web station). */
    public boolean ready() { return feed == null || feed.ready(); }

    public WardBoard board() { return board; }

    public HospitalInterfaces interfaces() { return interfaces; }

    public String status() {
        return interfaces == null ? "web station on port " + webPort : interfaces.status();
    }

    @Override
    public void close() {
        if (web != null) web.close();
        if (feed != null) feed.close();
        if (vitals != null) vitals.close();
        if (commands != null) commands.close(java.time.Duration.ofSeconds(5));
        if (interfaces != null) interfaces.close();
    }
}
