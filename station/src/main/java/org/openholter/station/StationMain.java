package org.openholter.station;

import org.openholter.station.interfaces.HospitalInterfaces;
import org.openholter.station.interfaces.InterfacesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code holter station --kafka.bootstrap … --influx.url … --hl7.host … | --fhir.url …}: the hospital interfaces
 * against a running pipeline; {@code --help} lists every option.
 */
public final class StationMain {
    private static final Logger LOG = LoggerFactory.getLogger(StationMain.class);

    private StationMain() {}

    public static void main(String[] args) throws Exception {
        InterfacesConfig config;
        try {
            config = InterfacesConfig.from(args, System.getenv());
        } catch (InterfacesConfig.HelpRequested h) {
            System.out.println(h.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("holter station: " + e.getMessage());
            System.exit(2);
            return;
        }
        HospitalInterfaces interfaces = new HospitalInterfaces(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            interfaces.close();
            stopped.countDown();
        }, "station-shutdown"));
        interfaces.start();
        while (!stopped.await(60, TimeUnit.SECONDS)) LOG.info("station: {}", interfaces.status());
    }
}
