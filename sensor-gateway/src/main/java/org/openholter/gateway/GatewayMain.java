package org.openholter.gateway;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar openholter-sensor-gateway.jar --mqtt.host … --kafka.bootstrap …}; --help lists every option. */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) throws Exception {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(args, System.getenv());
        } catch (GatewayConfig.HelpRequested h) {
            System.out.println(h.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Gateway g = new Gateway(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            g.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        g.start();
        stopped.await();
    }
}
