package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.nats.client.Message;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Settles the JetStream messages of one channel. Acks, naks and terms are fire-and-forget publishes; a double ack
 * waits for the server and therefore runs on a worker, never on the caller's or a jnats thread. Messages not yet
 * settled are kept so that, with {@code auto-in-progress}, the server hears about slow ones before ack-wait runs out.
 */
public final class JetStreamAcks {

    private final boolean explicit;
    private final boolean doubleAck;
    private final Duration ackWait;
    private final List<Duration> backoff;
    private final Map<Message, Long> unsettled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService progress;

    /** @param explicit false for an ordered consumer, which has no acks at all */
    JetStreamAcks(String channel, boolean explicit, boolean doubleAck, Duration ackWait, List<Duration> backoff,
            boolean autoInProgress) {
        this.explicit = explicit;
        this.doubleAck = doubleAck;
        // The server replaces ack-wait with the first backoff step when a backoff is set.
        this.ackWait = backoff.isEmpty() ? ackWait : backoff.get(0);
        this.backoff = backoff;
        if (explicit && autoInProgress) {
            progress = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "nats-in-progress-" + channel);
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(100, this.ackWait.toMillis() / 3);
            progress.scheduleAtFixedRate(this::signalInProgress, period, period, TimeUnit.MILLISECONDS);
        } else {
            progress = null;
        }
    }

    void delivered(Message message) {
        if (explicit) {
            unsettled.put(message, System.nanoTime());
        }
    }

    private void signalInProgress() {
        long threshold = System.nanoTime() - ackWait.toNanos() / 3;
        unsettled.forEach((message, since) -> {
            if (since < threshold) {
                message.inProgress();
            }
        });
    }

    public CompletionStage<Void> ack(Message message) {
        unsettled.remove(message);
        if (!explicit) {
            return CompletableFuture.completedFuture(null);
        }
        if (!doubleAck) {
            message.ack();
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            try {
                message.ackSync(ackWait);
            } catch (Exception e) {
                throw new IllegalStateException("The server did not confirm the ack of stream sequence "
                        + message.metaData().streamSequence() + ": " + e.getMessage(), e);
            }
        }, Infrastructure.getDefaultWorkerPool());
    }

    /** Redelivers after the given delay, else after the backoff step for this delivery, else at once. */
    public CompletionStage<Void> nak(Message message, Duration delay) {
        unsettled.remove(message);
        if (!explicit) {
            return CompletableFuture.completedFuture(null);
        }
        Duration wait = delay != null ? delay : backoffFor(message.metaData().deliveredCount());
        if (wait == null || wait.isZero()) {
            message.nak();
        } else {
            message.nakWithDelay(wait);
        }
        return CompletableFuture.completedFuture(null);
    }

    private Duration backoffFor(long deliveredCount) {
        if (backoff.isEmpty()) {
            return null;
        }
        int step = (int) Math.min(deliveredCount - 1, backoff.size() - 1);
        return backoff.get(Math.max(0, step));
    }

    public CompletionStage<Void> term(Message message) {
        unsettled.remove(message);
        if (explicit) {
            message.term();
        }
        return CompletableFuture.completedFuture(null);
    }

    void close() {
        if (progress != null) {
            progress.shutdownNow();
        }
    }
}
