package io.smallrye.reactive.messaging.nats.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap a consumer holds, not the garbage it makes: every 250 ms, a full collection and the heap still in use
 * after it. The peak of those is what it kept at its fullest; the same measure once every message is acked (the
 * consumer still open) is what it keeps whatever the backlog, so the difference is what its messages held. The heap in
 * use without a collection would measure how large the collector lets the young generation grow.
 */
public final class HeapSampler {

    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
        thread = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(live(), Math::max);
                try {
                    Thread.sleep(250); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Samples from now on: call it at the consumer's first message, so that starting it is not counted. */
    public static HeapSampler start() {
        return new HeapSampler();
    }

    /** Samples until the consumer has every message, then once more with the consumer still open: the run's result. */
    public Result until(CountDownLatch received, String what) throws InterruptedException {
        Workbench.await(received, what);
        running = false;
        thread.join();
        long settled = live();
        return Result.heap(Math.max(peak.get(), settled), settled);
    }

    private static long live() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
