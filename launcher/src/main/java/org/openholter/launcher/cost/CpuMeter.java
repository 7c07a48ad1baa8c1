package org.openholter.launcher.cost;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time spent by each part of the path, read twice to give what was spent in between. Child processes (Mosquitto,
 * Kafka, InfluxDB) are read from {@code /proc/<pid>/stat} (user + system time of the process and its threads). The
 * parts that share this JVM (simulator, gateway, the job's MiniCluster) are told apart by their Java threads' names
 * ({@link ThreadMXBean}); what the JVM spends outside Java threads (garbage collection, JIT compilation, and threads
 * that ended in between) is the process total minus the Java threads, shared out in proportion to each part's own
 * Java CPU. Linux only ({@link #supported()}).
 */
public final class CpuMeter {
    /** The parts, in report order. */
    public static final String SIMULATOR = "simulator", MOSQUITTO = "mosquitto", GATEWAY = "gateway", KAFKA = "kafka", JOB = "job",
            INFLUXDB = "influxdb", BENCH = "bench";

    private final Map<String, java.util.List<Long>> pids;
    private final Function<String, String> partOfThread;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long ticksPerSecond;

    /**
     * @param pids         child processes by part name
     * @param partOfThread the part a Java thread of this JVM works for, by its name (null: unknown, counted as shared)
     */
    public CpuMeter(Map<String, Long> pids, Function<String, String> partOfThread) {
        this(pids, partOfThread, Map.of());
    }

    /** As above, with parts that run as several processes ({@code groups}: a Flink cluster's JobManager and TaskManagers). */
    public CpuMeter(Map<String, Long> pids, Function<String, String> partOfThread, Map<String, java.util.List<Long>> groups) {
        this.pids = new LinkedHashMap<>();
        pids.forEach((part, pid) -> this.pids.put(part, java.util.List.of(pid)));
        groups.forEach((part, list) -> this.pids.merge(part, java.util.List.copyOf(list),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        this.partOfThread = partOfThread;
        this.ticksPerSecond = clockTicks();
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
    }

    public static boolean supported() { return Files.isReadable(Path.of("/proc/self/stat")); }

    /**
     * CPU nanoseconds so far: per part (a thread's part may also be {@code "bench"}: the measuring code itself, reported
     * apart and counted nowhere), plus {@code "shared"} (this JVM outside the parts' Java threads).
     */
    public Map<String, Long> read() throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String p : new String[] {SIMULATOR, MOSQUITTO, GATEWAY, KAFKA, JOB, INFLUXDB}) out.put(p, 0L);
        for (Map.Entry<String, java.util.List<Long>> e : pids.entrySet()) for (long pid : e.getValue()) out.merge(e.getKey(), processNanos(pid), Long::sum);
        // Each thread's CPU since it was last read, added to its part's running total: a thread that ends between two
        // readings (a pool's idle thread) then takes nothing away from its part (its last moments count as shared).
        synchronized (partTotals) {
            for (long id : threads.getAllThreadIds()) {
                var info = threads.getThreadInfo(id);
                long ns = threads.getThreadCpuTime(id);
                if (info == null || ns < 0) continue;
                String part = partOfThread.apply(info.getThreadName());
                if (part == null) continue;
                Long last = lastThreadNanos.put(id, ns);
                partTotals.merge(part, ns - (last == null ? 0 : last), Long::sum);
            }
            long javaThreads = 0;
            for (Map.Entry<String, Long> e : partTotals.entrySet()) {
                out.merge(e.getKey(), e.getValue(), Long::sum);
                javaThreads += e.getValue();
            }
            out.put("shared", processNanos(ProcessHandle.current().pid()) - javaThreads);
        }
        return out;
    }

    private final Map<Long, Long> lastThreadNanos = new java.util.HashMap<>();
    private final Map<String, Long> partTotals = new LinkedHashMap<>();

    /**
     * CPU milliseconds per patient-second of signal between two readings, per part, with this JVM's shared time
     * split over the in-JVM parts ({@code inJvm}) in proportion to their own; {@code "total_without_simulator"} added.
     */
    public static Map<String, Double> perPatientSecond(Map<String, Long> before, Map<String, Long> after, double patientSeconds,
                                                       java.util.Set<String> inJvm) {
        Map<String, Double> ms = new LinkedHashMap<>();
        double own = 0;
        for (String p : before.keySet()) {
            if (p.equals("shared")) continue;
            double d = (after.get(p) - before.get(p)) / 1e6;
            ms.put(p, d);
            if (inJvm.contains(p)) own += d;
        }
        double shared = Math.max(0, (after.get("shared") - before.get("shared")) / 1e6);
        Map<String, Double> out = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : ms.entrySet()) {
            double v = e.getValue();
            if (inJvm.contains(e.getKey())) v += own > 0 ? shared * v / own : shared / inJvm.size();
            v /= patientSeconds;
            out.put(e.getKey(), v);
            if (!e.getKey().equals(SIMULATOR) && !e.getKey().equals(BENCH)) total += v;
        }
        out.put("total_without_simulator", total);
        return out;
    }

    /** User + system CPU time of a process (all its threads), ns; 0 when it is gone. */
    long processNanos(long pid) throws IOException {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (!Files.exists(stat)) return 0;
        String s;
        try {
            s = Files.readString(stat);
        } catch (IOException e) {
            return 0; // exited between the check and the read
        }
        // Fields after the command name (which may hold spaces, so cut at its closing parenthesis): utime is the 14th
        // field of the line, stime the 15th.
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1_000_000_000L / ticksPerSecond;
    }

    /** The kernel's clock ticks per second for /proc times (USER_HZ): 100 on every Linux build we know of. */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(v);
        } catch (Exception e) {
            return 100;
        }
    }
}
