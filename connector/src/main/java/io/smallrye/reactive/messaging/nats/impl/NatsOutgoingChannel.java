package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;
import org.eclipse.microprofile.reactive.streams.operators.SubscriberBuilder;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsConnectorCommonConfiguration;
import io.smallrye.reactive.messaging.nats.NatsConnectorOutgoingConfiguration;
import io.smallrye.reactive.messaging.nats.NatsNoRespondersException;
import io.smallrye.reactive.messaging.nats.NatsRequestMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingNatsMetadata;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/**
 * Publishes the messages of an outgoing channel. A message is acked once jnats accepted it (queued for the socket,
 * or for the reconnect buffer while disconnected) and nacked with the cause otherwise: buffer full, payload above the
 * server's {@code max_payload}, no subject. Publishing starts when the connection is first established.
 */
public class NatsOutgoingChannel implements NatsChannel {

    /** Messages requested from upstream at a time on core NATS, where publishing is synchronous. */
    private static final int CORE_WINDOW = 256;

    private final String channel;
    private final String subject;
    private final Duration requestTimeout;
    private final boolean healthEnabled;
    private final NatsConnection connection;
    private final PayloadCodec codec;
    private final MessageTracer tracer;
    private final JetStreamSettings jetStream;
    private final JetStreamPublisher jetStreamPublisher;
    private final int window;
    private volatile Throwable lastFailure;
    private volatile Throwable streamFailure;
    private volatile String permissionViolation;
    private volatile ChannelMetrics metrics = ChannelMetrics.NONE;
    private volatile boolean closed;
    private volatile boolean upstreamStopped;

    public NatsOutgoingChannel(NatsConnectorOutgoingConfiguration config,
            Function<NatsConnectorCommonConfiguration, NatsConnection> connections, PayloadCodec codec, MessageTracer tracer) {
        this.channel = config.getChannel();
        this.subject = config.getSubject().orElse(null);
        if (subject != null) {
            SubjectNames.validate(channel, "subject", subject, false);
        }
        this.requestTimeout = Durations.parse(channel, "request-timeout", config.getRequestTimeout());
        if (requestTimeout.isZero()) {
            throw NatsExceptions.ex.invalidAttribute("request-timeout", channel, "must be positive");
        }
        this.healthEnabled = config.getHealthEnabled();
        this.codec = codec;
        this.tracer = tracer;
        if (config.getJetstream()) {
            this.jetStream = JetStreamSettings.outgoing(config);
            if (config.getMaxInflightMessages() <= 0) {
                throw NatsExceptions.ex.invalidAttribute("max-inflight-messages", channel, "must be positive");
            }
            if (config.getPublishRetries() < 0) {
                throw NatsExceptions.ex.invalidAttribute("publish-retries", channel, "must not be negative");
            }
            this.window = config.getMaxInflightMessages();
            this.jetStreamPublisher = new JetStreamPublisher(channel, jetStream, config.getPublishRetries(),
                    requestTimeout, this::publishDenial);
        } else {
            this.jetStream = null;
            this.jetStreamPublisher = null;
            this.window = CORE_WINDOW;
        }
        this.connection = connections.apply(config);
        connection.onPermissionViolation((operation, denied) -> {
            if (!operation.equalsIgnoreCase("Publish")) {
                return;
            }
            if (jetStreamPublisher != null) {
                jetStreamPublisher.denied(denied, connection.publishDenial(denied));
            }
            if (denied.equals(subject)) {
                permissionViolation = "the server denies publishing to '" + denied + "' (permissions violation)";
            }
        });
        if (jetStream != null) {
            try {
                jetStream.checkAtDeployment(connection, config.getConnectRetry(), channel);
            } catch (RuntimeException deploymentError) {
                connection.release(); // this channel will never run
                throw deploymentError;
            }
        }
    }

    private String publishDenial(String target) {
        return connection.publishDenial(target);
    }

    public SubscriberBuilder<Message<?>, Void> subscriberBuilder() {
        return ReactiveStreams.fromSubscriber(new Sender());
    }

    /**
     * Requests a window of messages once connected and tops it up as sends complete: at most {@code window} messages
     * are in flight (core publishes complete at once, JetStream ones on their PubAck).
     */
    private final class Sender implements Subscriber<Message<?>> {
        private Subscription upstream;
        private final AtomicInteger completedSinceRequest = new AtomicInteger();
        /** Sends not completed yet, plus one while upstream is active: the connection is released at zero. */
        private final AtomicInteger pending = new AtomicInteger(1);

        @Override
        public void onSubscribe(Subscription subscription) {
            upstream = subscription;
            connection.connected().thenRunAsync(this::requestOnceTheStreamExists, Infrastructure.getDefaultWorkerPool());
        }

        /** Messages wait upstream until the stream exists; readiness says why meanwhile. */
        private void requestOnceTheStreamExists() {
            if (closed) {
                return;
            }
            try {
                if (jetStream == null || jetStream.ensureStream(connection.current(), channel)) {
                    streamFailure = null;
                    upstream.request(window);
                    return;
                }
                streamUnavailable(jetStream.missingStream(channel));
            } catch (RuntimeException e) {
                streamUnavailable(e);
            }
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, Infrastructure.getDefaultWorkerPool())
                    .execute(this::requestOnceTheStreamExists);
        }

        private void streamUnavailable(Throwable reason) {
            Throwable previous = streamFailure;
            if (previous == null || !previous.getMessage().equals(reason.getMessage())) {
                NatsLogging.log.streamUnavailable(channel, jetStream.stream, reason.getMessage());
            }
            streamFailure = reason;
        }

        @Override
        public void onNext(Message<?> message) {
            pending.incrementAndGet();
            send(message).whenComplete((ignored, failure) -> {
                metrics.published(failure == null);
                int batch = Math.max(1, window / 2);
                if (completedSinceRequest.incrementAndGet() % batch == 0) {
                    upstream.request(batch);
                }
                done();
            });
        }

        /** The failure belongs to the channel upstream, which reports it; this one only stops publishing. */
        @Override
        public void onError(Throwable failure) {
            upstreamStopped = true;
            done();
        }

        @Override
        public void onComplete() {
            done();
        }

        /** The last channel out closes the connection, but only once every accepted send has completed. */
        private void done() {
            if (pending.decrementAndGet() == 0) {
                connection.release();
            }
        }
    }

    private CompletionStage<Void> send(Message<?> message) {
        String target = null;
        try {
            OutgoingNatsMetadata metadata = PortableMetadata.get(message, OutgoingNatsMetadata.class).orElse(null);
            target = targetSubject(message, metadata);
            String denial = publishDenial(target);
            if (denial != null) {
                throw new IllegalStateException(denial);
            }
            NatsMessage nats = toNatsMessage(message, metadata, target);
            Connection current = connection.current();
            NatsRequestMetadata request = PortableMetadata.get(message, NatsRequestMetadata.class).orElse(null);
            if (request != null) {
                request(current, nats, request);
            } else if (jetStreamPublisher != null) {
                String subject = target;
                return jetStreamPublisher.publish(current, nats, message)
                        .thenCompose(pubAck -> message.ack())
                        .exceptionallyCompose(failure -> failed(message, subject, Failures.cause(failure)));
            } else {
                current.publish(nats);
            }
            return message.ack();
        } catch (RuntimeException e) {
            return failed(message, target, e);
        }
    }

    private CompletionStage<Void> failed(Message<?> message, String subject, Throwable failure) {
        lastFailure = failure;
        NatsLogging.log.publishFailed(channel, subject, failure);
        return message.nack(failure);
    }

    private NatsMessage toNatsMessage(Message<?> message, OutgoingNatsMetadata metadata, String target) {
        Headers headers = new Headers();
        String replyTo = null;
        if (metadata != null) {
            metadata.getHeaders().forEach(headers::add);
            replyTo = metadata.getReplyTo().orElse(null);
        }
        PayloadCodec.Encoded encoded;
        try {
            encoded = codec.encode(message.getPayload());
        } catch (RuntimeException e) {
            throw NatsExceptions.ex.unencodablePayload(message.getPayload().getClass().getName(), channel, e.getMessage());
        }
        if (encoded.contentType() != null && !headers.containsKey(PayloadCodec.CONTENT_TYPE)) {
            headers.put(PayloadCodec.CONTENT_TYPE, encoded.contentType());
        }
        tracer.outgoing(message, target, headers, encoded.data().length);
        return NatsMessage.builder().subject(target).replyTo(replyTo).headers(headers.isEmpty() ? null : headers)
                .data(encoded.data()).build();
    }

    /** The message's own subject, else the channel's, else the reply-to of the request it answers. */
    private String targetSubject(Message<?> message, OutgoingNatsMetadata metadata) {
        if (metadata != null && metadata.getSubject().isPresent()) {
            return SubjectNames.publishable(channel, "OutgoingNatsMetadata", metadata.getSubject().get());
        }
        if (subject != null) {
            return subject;
        }
        return PortableMetadata.get(message, IncomingNatsMetadata.class).flatMap(IncomingNatsMetadata::getReplyTo)
                .map(replyTo -> SubjectNames.publishable(channel, "the reply-to of the request it answers", replyTo))
                .orElseThrow(() -> NatsExceptions.ex.noSubject(channel));
    }

    /** Replies complete on jnats' inbox thread: hop to a worker before anything of the application runs. */
    private void request(Connection current, NatsMessage nats, NatsRequestMetadata request) {
        Duration timeout = request.timeout() == null ? requestTimeout : request.timeout();
        if (current.getStatus() != Connection.Status.CONNECTED) {
            // jnats would buffer it and report a timeout: no reply can come while the connection is down.
            request.reply().completeExceptionally(new IllegalStateException(NatsExceptions.ex.requestWhileDisconnected(
                    nats.getSubject(), channel, connection.name(), current.getStatus().name().toLowerCase())));
            return;
        }
        // jnats only expires request futures on its cleanup timer (every 5 s): enforce the timeout ourselves.
        current.requestWithTimeout(nats, timeout).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((reply, failure) -> {
            if (failure == null) {
                request.reply().complete(reply);
            } else {
                request.reply().completeExceptionally(requestFailure(nats.getSubject(), timeout, failure));
            }
        }, Infrastructure.getDefaultWorkerPool());
    }

    private Throwable requestFailure(String target, Duration timeout, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof JetStreamStatusException status && status.getStatus().isNoResponders()) {
            return new NatsNoRespondersException(NatsExceptions.ex.noResponders(target, channel));
        }
        if (cause instanceof TimeoutException || cause instanceof CancellationException) {
            TimeoutException timedOut = new TimeoutException(NatsExceptions.ex.requestTimeout(target, timeout.toMillis(), channel));
            timedOut.initCause(cause);
            return timedOut;
        }
        return cause;
    }

    @Override
    public String name() {
        return channel;
    }

    @Override
    public boolean healthEnabled() {
        return healthEnabled;
    }

    @Override
    public ChannelHealth readiness() {
        if (closed) {
            return new ChannelHealth(false, "closed");
        }
        if (permissionViolation != null) {
            return new ChannelHealth(false, permissionViolation);
        }
        if (upstreamStopped) {
            return new ChannelHealth(false, "no longer publishing: its upstream stopped with a failure");
        }
        Throwable stream = streamFailure;
        return stream == null ? connection.health() : new ChannelHealth(false, stream.getMessage());
    }

    @Override
    public ChannelHealth liveness() {
        Throwable failure = lastFailure;
        return new ChannelHealth(true, failure == null ? null : "last publish failure: " + failure.getMessage());
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void useMetrics(ChannelMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Connection currentConnection() {
        return connection.current();
    }
}
