package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** Messages requested from upstream at a time; publishing is synchronous, so this only amortises request(n). */
    private static final int WINDOW = 256;

    private final String channel;
    private final String subject;
    private final Duration requestTimeout;
    private final boolean healthEnabled;
    private final NatsConnection connection;
    private final PayloadCodec codec;
    private volatile Throwable lastFailure;
    private volatile boolean closed;

    public NatsOutgoingChannel(NatsConnectorOutgoingConfiguration config,
            Function<NatsConnectorCommonConfiguration, NatsConnection> connections, PayloadCodec codec) {
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
        this.connection = connections.apply(config);
    }

    public SubscriberBuilder<Message<?>, Void> subscriberBuilder() {
        return ReactiveStreams.fromSubscriber(new Sender());
    }

    /** Requests a window of messages once connected, publishes each one synchronously, and tops the window up. */
    private final class Sender implements Subscriber<Message<?>> {
        private Subscription upstream;
        private int sinceLastRequest;

        @Override
        public void onSubscribe(Subscription subscription) {
            upstream = subscription;
            connection.connected().thenRunAsync(() -> subscription.request(WINDOW), Infrastructure.getDefaultWorkerPool());
        }

        @Override
        public void onNext(Message<?> message) {
            send(message);
            if (++sinceLastRequest == WINDOW / 2) {
                sinceLastRequest = 0;
                upstream.request(WINDOW / 2);
            }
        }

        @Override
        public void onError(Throwable failure) {
            lastFailure = failure;
            connection.release();
        }

        @Override
        public void onComplete() {
            connection.release();
        }
    }

    private void send(Message<?> message) {
        String target = null;
        try {
            OutgoingNatsMetadata metadata = message.getMetadata(OutgoingNatsMetadata.class).orElse(null);
            target = targetSubject(message, metadata);
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
            NatsMessage nats = NatsMessage.builder().subject(target).replyTo(replyTo)
                    .headers(headers.isEmpty() ? null : headers).data(encoded.data()).build();
            Connection current = connection.current();
            NatsRequestMetadata request = message.getMetadata(NatsRequestMetadata.class).orElse(null);
            if (request != null) {
                request(current, nats, request);
            } else {
                current.publish(nats);
            }
            message.ack();
        } catch (RuntimeException e) {
            lastFailure = e;
            NatsLogging.log.publishFailed(channel, target, e);
            message.nack(e);
        }
    }

    /** The message's own subject, else the channel's, else the reply-to of the request it answers. */
    private String targetSubject(Message<?> message, OutgoingNatsMetadata metadata) {
        if (metadata != null && metadata.getSubject().isPresent()) {
            return metadata.getSubject().get();
        }
        if (subject != null) {
            return subject;
        }
        return message.getMetadata(IncomingNatsMetadata.class).flatMap(IncomingNatsMetadata::getReplyTo)
                .orElseThrow(() -> NatsExceptions.ex.noSubject(channel));
    }

    /** Replies complete on jnats' inbox thread: hop to a worker before anything of the application runs. */
    private void request(Connection current, NatsMessage nats, NatsRequestMetadata request) {
        Duration timeout = request.timeout() == null ? requestTimeout : request.timeout();
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
        return closed ? new ChannelHealth(false, "closed") : connection.health();
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
}
