package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Counts how the messages of one publishing run were settled: an ack is a PubAck, a nack a failure. Its
 * {@link #ack} and {@link #nack} are the ack and nack of each message sent.
 */
public final class Settlements {

    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch settled = new CountDownLatch(0);

    /** Starts a run of {@code count} messages. */
    public void expect(int count) {
        failures.clear();
        settled = new CountDownLatch(count);
    }

    public CompletionStage<Void> ack() {
        settled.countDown();
        return CompletableFuture.completedFuture(null);
    }

    public CompletionStage<Void> nack(Throwable failure) {
        failures.add(failure);
        settled.countDown();
        return CompletableFuture.completedFuture(null);
    }

    /** Waits until every message of the run is settled, and fails if any was nacked. */
    public void await(String what) throws InterruptedException {
        Workbench.await(settled, what);
        if (!failures.isEmpty()) {
            throw new IllegalStateException(what + ": " + failures.size() + " publishes failed", failures.get(0));
        }
    }
}
