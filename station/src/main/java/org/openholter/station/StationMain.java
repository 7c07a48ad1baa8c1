package org.openholter.station;

import org.openholter.station.StationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code holter station --kafka.bootstrap … --influx.url … [--web.port 8080] [--hl7.host …] [--fhir.url …]}: the
 * central station's web pages and the hospital interfaces against a running pipeline; {@code --help} lists every option.
 */
public final class StationMain {
    private static final Logger LOG = LoggerFactory.getLogger(StationMain.class);

    private StationMain() {}

    public static void main(String[] args) throws Exception {
        StationConfig config;
        try {
            config = StationConfig.from(args, System.getenv());
        } catch (StationConfig.HelpRequested h) {
            System.out.println(h.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("holter station: " + e.getMessage());
            System.exit(2);
            return;
        }
        Station interfaces = new Station(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            interfaces.close();
            stopped.countDown();
        }, "station-shutdown"));
        interfaces.start();
        while (!stopped.await(60, TimeUnit.SECONDS)) LOG.info("station: {}", interfaces.status());
    }
}
