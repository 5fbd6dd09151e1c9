package io.smallrye.reactive.messaging.nats.incoming;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.JetStreamSettlement;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.DaemonThreads;
import io.smallrye.reactive.messaging.nats.impl.Failures;
import io.smallrye.reactive.messaging.nats.jetstream.ConsumerSettings;

/**
 * Settles the JetStream messages of one channel. Acks, naks and terms are fire-and-forget publishes; a double ack is
 * an asynchronous request whose confirmation completes the ack on a worker, never on the caller's or a jnats thread. Messages
 * not yet
 * settled are kept so that, with {@code auto-in-progress}, the server hears about slow ones before ack-wait runs out.
 */
final class JetStreamAcks implements JetStreamSettlement {

    private static final byte[] ACK_BODY = "+ACK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long UNCONFIRMED_LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final boolean explicit;
    private final boolean doubleAck;
    private final Duration ackWait;
    private final List<Duration> backoff;
    private final Map<Message, Long> unsettled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService progress;
    private final String channel;
    private final AtomicLong unconfirmedAcks = new AtomicLong();
    /** Double acks awaiting the server's confirmation, with their stream sequence. */
    private final Map<CompletableFuture<io.nats.client.Message>, Long> awaitingConfirmation = new ConcurrentHashMap<>();
    private final AtomicLong lastUnconfirmedLog = new AtomicLong(System.nanoTime() - UNCONFIRMED_LOG_INTERVAL_NANOS);

    JetStreamAcks(String channel, ConsumerSettings consumer) {
        this.channel = channel;
        this.explicit = !consumer.ordered(); // an ordered consumer has no acks at all
        this.doubleAck = consumer.doubleAck();
        this.backoff = consumer.backoff();
        // The server replaces ack-wait with the first backoff step when a backoff is set.
        this.ackWait = backoff.isEmpty() ? consumer.ackWait() : backoff.get(0);
        if (explicit && consumer.autoInProgress()) {
            progress = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nats-in-progress-" + channel));
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

    @Override
    public CompletionStage<Void> ack(Message message) {
        unsettled.remove(message);
        if (!explicit) {
            return CompletableFuture.completedFuture(null);
        }
        if (!doubleAck) {
            message.ack();
            return CompletableFuture.completedFuture(null);
        }
        // A double ack is a request to the message's reply subject (what ackSync sends), made asynchronously: no
        // thread waits for the confirmation, and a lost connection settles it at once (see connectionLost).
        Connection connection = message.getConnection();
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            // buffered until a reconnect, the request would only wait out its timeout
            unconfirmed(message.metaData().streamSequence(), "not connected");
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<io.nats.client.Message> confirmation = connection.requestWithTimeout(message.getReplyTo(),
                ACK_BODY, ackWait);
        awaitingConfirmation.put(confirmation, message.metaData().streamSequence());
        return confirmation.handleAsync((reply, failure) -> {
            Long sequence = awaitingConfirmation.remove(confirmation);
            if (failure != null && sequence != null) {
                unconfirmed(sequence, String.valueOf(Failures.cause(failure)));
            }
            return (Void) null;
        }, Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Not a processing failure: the server redelivers the message. Failing the ack would make Reactive Messaging end
     * the channel (a method returning message.ack() fails) at every outage.
     */
    private void unconfirmed(long sequence, String reason) {
        long count = unconfirmedAcks.incrementAndGet();
        long now = System.nanoTime();
        long last = lastUnconfirmedLog.get();
        if (now - last >= UNCONFIRMED_LOG_INTERVAL_NANOS && lastUnconfirmedLog.compareAndSet(last, now)) {
            NatsLogging.log.ackNotConfirmed(channel, sequence, reason, count);
        }
    }

    /**
     * The connection dropped, or came back: confirmations asked for before will not come (the requests were lost or
     * wait in the reconnect buffer); their acks settle now, unconfirmed.
     */
    void connectionLost() {
        awaitingConfirmation.keySet().forEach(confirmation -> confirmation
                .completeExceptionally(new IllegalStateException("the connection was lost before the server confirmed")));
    }

    /** Redelivers after the given delay, else after the backoff step for this delivery, else at once. */
    @Override
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

    @Override
    public CompletionStage<Void> term(Message message) {
        unsettled.remove(message);
        if (explicit) {
            message.term();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void inProgress(Message message) {
        if (explicit) {
            unsettled.computeIfPresent(message, (delivered, since) -> System.nanoTime());
            message.inProgress();
        }
    }

    void close() {
        if (progress != null) {
            progress.shutdownNow();
        }
    }
}
