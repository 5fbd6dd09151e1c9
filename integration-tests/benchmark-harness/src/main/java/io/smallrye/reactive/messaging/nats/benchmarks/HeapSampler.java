package io.smallrye.reactive.messaging.nats.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Peak heap in use while a workload runs, sampled every 20 ms after a collection. */
public final class HeapSampler {

    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
        System.gc();
        thread = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public static HeapSampler start() {
        return new HeapSampler();
    }

    public long stop() throws InterruptedException {
        running = false;
        thread.join();
        return peak.get();
    }
}
