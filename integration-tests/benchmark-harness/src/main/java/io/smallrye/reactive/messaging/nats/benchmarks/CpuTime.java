package io.smallrye.reactive.messaging.nats.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time used so far by this JVM and by the nats-server process together. Unlike throughput, the CPU a message
 * costs hardly depends on what else the machine runs, so it compares the two sides where wall-clock figures are noise.
 */
public final class CpuTime {

    /** Linux's USER_HZ: /proc reports process times in these ticks (10 ms). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path serverStat;

    public CpuTime(long serverPid) {
        this.serverStat = Path.of("/proc", String.valueOf(serverPid), "stat");
    }

    public long nanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() + serverNanos();
    }

    /** utime + stime, fields 14 and 15 of /proc/PID/stat; the command name before them may hold spaces. */
    private long serverNanos() {
        try {
            String stat = Files.readString(serverStat);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
