package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of a JetStream consumer that lives as long as its application. The run's first message waits at the gate,
 * so that the run's backlog is stored before the clock starts, as on the raw side; by then the channel has pulled
 * ahead what its bounds allow (at most {@code max-ack-pending}), a small head start over the raw side, whose clock
 * starts at its first message.
 */
public final class ConsumeRun {

    private final CompletableFuture<Void> gate = new CompletableFuture<>();
    private final CountDownLatch atGate = new CountDownLatch(1);
    private final AtomicBoolean gated = new AtomicBoolean();
    private final CountDownLatch received;

    public ConsumeRun(int count) {
        this.received = new CountDownLatch(count);
    }

    /** Counted down when the run's first message waits at the gate. */
    public CountDownLatch atGate() {
        return atGate;
    }

    /** Starts the clock: the messages go through. */
    public void open() {
        gate.complete(null);
    }

    /** Counted down for each message through the gate. */
    public CountDownLatch received() {
        return received;
    }

    /**
     * Completes when the caller may go on, once the gate is open, and counts {@code messages} as received then. The
     * first message of the run says it is there; the others can only be at the gate before it opens when several
     * workers run at once.
     */
    public CompletionStage<Void> pass(int messages) {
        if (gated.compareAndSet(false, true)) {
            atGate.countDown();
        }
        if (!gate.isDone()) {
            return gate.thenRun(() -> countDown(messages));
        }
        countDown(messages);
        return CompletableFuture.completedFuture(null);
    }

    private void countDown(int messages) {
        for (int i = 0; i < messages; i++) {
            received.countDown();
        }
    }
}
