package io.smallrye.reactive.messaging.nats.outgoing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamStatusException;
import io.nats.client.NUID;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.connection.ServerEvents;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.DaemonThreads;
import io.smallrye.reactive.messaging.nats.impl.Failures;
import io.smallrye.reactive.messaging.nats.impl.SerialExecutor;
import io.smallrye.reactive.messaging.nats.jetstream.ServerVersions;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;

/**
 * Publishes to JetStream and completes when the server stored the message (PubAck). Every publish carries a
 * {@code Nats-Msg-Id}, the given one or a fresh one, so that a retry after a timeout or a leader election (503) is
 * stored once. PubAcks arrive on jnats' inbox thread: their completions hop to a worker in bursts, in order, and a
 * periodic sweep (not a timer per publish) fails the publishes whose PubAck is late.
 */
final class JetStreamPublisher implements Publisher {

    /** One thread sweeps the late PubAcks of every channel. */
    private static final ScheduledExecutorService SWEEPER = Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("nats-puback-timeouts"));

    private final String channel;
    private final StreamSettings stream;
    private final String expectedStream;
    private final JetStreamOptions api;
    private final int retries;
    private final Duration timeout;
    private final ServerEvents events;
    private final Executor completions = new SerialExecutor(Infrastructure.getDefaultWorkerPool());
    /** Publishes awaiting their PubAck: a permission violation for a subject fails its ones at once. */
    private final Map<CompletableFuture<PublishAck>, Awaiting> awaiting = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweep;
    /** Made once per connection: jnats parses the server version each time one is made. */
    private volatile JetStreamOf jetStream;
    private volatile boolean closed;

    private record Awaiting(String subject, long deadline) {
    }

    private record JetStreamOf(Connection connection, JetStream context) {
    }

    JetStreamPublisher(OutgoingSettings settings, ServerEvents events) {
        this.channel = settings.channel();
        this.stream = settings.stream();
        this.expectedStream = stream.name();
        this.api = settings.stream().api();
        this.retries = settings.publishRetries();
        this.timeout = settings.requestTimeout();
        this.events = events;
        events.onPermissionViolation(ServerEvents.Operation.PUBLISH, this::denied);
        long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        this.sweep = SWEEPER.scheduleWithFixedDelay(this::failLatePubAcks, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> publish(Connection connection, NatsMessage nats, OutgoingMessage out) {
        OutgoingJetStreamMetadata metadata = out.jetStream();
        if (metadata != null) {
            try {
                if (metadata.getTtl().isPresent()) {
                    ServerVersions.require(connection, ServerVersions.MESSAGE_TTL, channel, "publish with a per-message TTL");
                }
                if (metadata.getDeliverAt().isPresent()) {
                    ServerVersions.require(connection, ServerVersions.MESSAGE_SCHEDULES, channel, "schedule a message");
                    NatsMessage schedule = scheduled(nats, metadata);
                    return attempt(connection, schedule, options(out), 1).exceptionallyCompose(failure -> CompletableFuture
                            .failedFuture(noResponders(Failures.cause(failure))
                                    ? NatsExceptions.ex.noScheduleStream(channel, nats.getSubject(), schedule.getSubject())
                                    : failure));
                }
            } catch (IllegalStateException olderServer) {
                return CompletableFuture.failedFuture(olderServer);
            }
        }
        return attempt(connection, nats, options(out), 1);
    }

    /**
     * The schedule the stream keeps under a subject of its own and publishes to the message's subject when it is
     * due; the message's TTL becomes the published message's.
     */
    private NatsMessage scheduled(NatsMessage nats, OutgoingJetStreamMetadata metadata) {
        Headers headers = nats.getHeaders() == null ? new Headers() : new Headers(nats.getHeaders());
        Instant asked = metadata.getDeliverAt().orElseThrow();
        Instant at = asked.getNano() == 0 ? asked : asked.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1); // never early
        headers.put(NatsJetStreamConstants.NATS_SCHEDULE_HDR, "@at " + DateTimeFormatter.ISO_INSTANT.format(at));
        headers.put(NatsJetStreamConstants.NATS_SCHEDULE_TARGET_HDR, nats.getSubject());
        metadata.getTtl().ifPresent(ttl -> headers.put(NatsJetStreamConstants.NATS_SCHEDULE_TTL_HDR, ttl.getSeconds() + "s"));
        return NatsMessage.builder().subject(stream.scheduleSubject(nats.getSubject(), NUID.nextGlobal()))
                .replyTo(nats.getReplyTo()).headers(headers).data(nats.getData()).build();
    }

    private PublishOptions options(OutgoingMessage out) {
        OutgoingJetStreamMetadata metadata = out.jetStream();
        PublishOptions.Builder builder = PublishOptions.builder();
        String id = metadata == null ? null : metadata.getMessageId().orElse(null);
        if (id == null) {
            // A message relayed from a stream keeps an id derived from its origin, so a replayed relay is de-duplicated.
            IncomingJetStreamMetadata origin = out.receivedFromStream();
            id = origin != null ? origin.getStream() + ":" + origin.getStreamSequence()
                    : retries > 0 ? NUID.nextGlobal() : null;
        }
        if (id != null) {
            builder.messageId(id);
        }
        String stream = metadata == null ? expectedStream : metadata.getExpectedStream().orElse(expectedStream);
        if (stream != null) {
            builder.expectedStream(stream);
        }
        if (metadata != null) {
            metadata.getExpectedLastSequence().ifPresent(builder::expectedLastSequence);
            metadata.getExpectedLastMessageId().ifPresent(builder::expectedLastMsgId);
            if (metadata.getDeliverAt().isEmpty()) { // a scheduled message's TTL is in its schedule
                metadata.getTtl()
                        .ifPresent(ttl -> builder.messageTtlSeconds((int) Math.min(Integer.MAX_VALUE, ttl.getSeconds())));
            }
        }
        return builder.build();
    }

    private CompletionStage<PublishAck> attempt(Connection connection, NatsMessage nats, PublishOptions options,
            int attempt) {
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream(connection).publishAsync(nats, options);
            awaiting.put(ack, new Awaiting(nats.getSubject(), System.nanoTime() + timeout.toNanos()));
            String denial = events.publishDenial(nats.getSubject()); // denied before it was awaited
            if (denial != null) {
                ack.completeExceptionally(new IllegalStateException(denial));
            }
        } catch (IOException | RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<PublishAck> sent = ack;
        return ack.handleAsync((result, failure) -> {
            awaiting.remove(sent);
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = Failures.cause(failure);
            if (attempt <= retries && retryable(cause)) {
                NatsLogging.log.publishRetry(channel, nats.getSubject(), attempt, retries, String.valueOf(cause.getMessage()));
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(250L * attempt, TimeUnit.MILLISECONDS, completions))
                        .thenCompose(x -> attempt(connection, nats, options, attempt + 1));
            }
            return CompletableFuture.<PublishAck> failedFuture(cause);
        }, completions).thenCompose(stage -> stage);
    }

    private JetStream jetStream(Connection connection) throws IOException {
        JetStreamOf current = jetStream;
        if (current == null || current.connection() != connection) {
            current = new JetStreamOf(connection, connection.jetStream(api));
            jetStream = current;
        }
        return current.context();
    }

    private void failLatePubAcks() {
        long now = System.nanoTime();
        awaiting.forEach((ack, sent) -> {
            if (now - sent.deadline() > 0) {
                ack.completeExceptionally(new TimeoutException("no PubAck within " + timeout.toMillis() + " ms"));
            }
        });
        if (closed && awaiting.isEmpty()) {
            sweep.cancel(false);
        }
    }

    /** The server denied publishing to the subject: no PubAck will come for the publishes awaiting one. */
    private void denied(String subject) {
        String reason = events.publishDenial(subject);
        awaiting.forEach((ack, sent) -> {
            if (sent.subject().equals(subject)) {
                ack.completeExceptionally(new IllegalStateException(reason));
            }
        });
    }

    /** The sweep goes on until the publishes still awaiting their PubAck are settled. */
    @Override
    public void close() {
        closed = true;
    }

    /** A timeout or a missing stream leader may be transient; a rejection by the stream (wrong sequence...) is not. */
    private static boolean retryable(Throwable cause) {
        return cause instanceof TimeoutException || noResponders(cause);
    }

    /** No stream captures the subject, or the stream has no leader for now. */
    private static boolean noResponders(Throwable cause) {
        return cause instanceof JetStreamStatusException status && status.getStatus().isNoResponders()
                || cause instanceof IOException && String.valueOf(cause.getMessage()).contains("503");
    }
}
