package org.openholter.simulator;

import org.openholter.core.config.Flags;

/** {@code holter simulate [options]}: plays a fleet until its duration ends or Ctrl-C. */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) throws Exception {
        Flags flags = FleetConfig.flags();
        FleetConfig config;
        try {
            flags.parse(args, System.getenv());
            if (flags.helpRequested()) {
                System.out.println(flags.usage());
                return;
            }
            config = FleetConfig.from(flags);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Fleet fleet = new Fleet(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fleet.close();
            } catch (Exception e) {
                System.err.println("simulator shutdown: " + e);
            }
        }, "simulator-shutdown"));
        fleet.start();
        fleet.awaitDone(Long.MAX_VALUE);
        System.out.printf("played %d frames from %d devices (%d publish errors)%n", fleet.framesSent(), fleet.patients().size(),
                fleet.publishErrors());
    }
}
