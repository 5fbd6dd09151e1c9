package io.smallrye.reactive.messaging.nats.outgoing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.nats.client.Connection;
import io.nats.client.impl.NatsMessage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;
import io.smallrye.reactive.messaging.nats.impl.Failures;
import io.smallrye.reactive.messaging.nats.jetstream.Streams;

/**
 * Takes the messages of an outgoing channel from upstream and publishes them. It requests a window of messages once
 * connected (and once the stream exists) and tops it up as sends complete: at most {@code window} messages are in
 * flight (core publishes complete at once, JetStream ones on their PubAck). A message is acked once published and
 * nacked with the cause otherwise.
 */
final class MessageSender implements Subscriber<Message<?>> {

    private final OutgoingSettings settings;
    private final SharedConnection connection;
    private final NatsMessageEncoder encoder;
    private final Publisher publisher;
    private final Publisher requests;
    private final AtomicInteger completedSinceRequest = new AtomicInteger();
    /** Sends not completed yet, plus one while upstream is active: the connection is released at zero. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private Subscription upstream;
    private volatile ChannelMetrics metrics = ChannelMetrics.NONE;
    private volatile Throwable lastFailure;
    private volatile Throwable streamFailure;
    private volatile boolean closed;
    private volatile boolean upstreamStopped;

    MessageSender(OutgoingSettings settings, SharedConnection connection, NatsMessageEncoder encoder, Publisher publisher,
            Publisher requests) {
        this.settings = settings;
        this.connection = connection;
        this.encoder = encoder;
        this.publisher = publisher;
        this.requests = requests;
    }

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
            if (!settings.jetStream() || Streams.ensure(connection.current(), settings.stream(), settings.channel())) {
                streamFailure = null;
                upstream.request(settings.window());
                return;
            }
            streamUnavailable(Streams.missing(settings.stream(), settings.channel()));
        } catch (RuntimeException e) {
            streamUnavailable(e);
        }
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, Infrastructure.getDefaultWorkerPool())
                .execute(this::requestOnceTheStreamExists);
    }

    private void streamUnavailable(Throwable reason) {
        Throwable previous = streamFailure;
        if (previous == null || !previous.getMessage().equals(reason.getMessage())) {
            NatsLogging.log.streamUnavailable(settings.channel(), settings.stream().name(), reason.getMessage());
        }
        streamFailure = reason;
    }

    @Override
    public void onNext(Message<?> message) {
        pending.incrementAndGet();
        send(message).whenComplete((ignored, failure) -> {
            metrics.published(failure == null);
            int batch = Math.max(1, settings.window() / 2);
            if (completedSinceRequest.incrementAndGet() % batch == 0) {
                upstream.request(batch);
            }
            done();
        });
    }

    private CompletionStage<Void> send(Message<?> message) {
        String target = null;
        try {
            OutgoingMessage out = OutgoingMessage.of(message);
            target = encoder.target(out);
            String denial = connection.events().publishDenial(target);
            if (denial != null) {
                throw new IllegalStateException(denial);
            }
            NatsMessage nats = encoder.encode(out, target);
            Connection current = connection.current();
            String subject = target;
            CompletionStage<?> sent = (out.isRequest() ? requests : publisher).publish(current, nats, out);
            if (sent == Publisher.PUBLISHED) {
                return message.ack();
            }
            return sent.handle((published, failure) -> failure == null ? message.ack()
                    : failed(message, subject, Failures.cause(failure)))
                    .thenCompose(settled -> settled);
        } catch (RuntimeException e) {
            return failed(message, target, e);
        }
    }

    private CompletionStage<Void> failed(Message<?> message, String subject, Throwable failure) {
        lastFailure = failure;
        NatsLogging.log.publishFailed(settings.channel(), subject, failure);
        return message.nack(failure);
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

    void useMetrics(ChannelMetrics metrics) {
        this.metrics = metrics;
    }

    void close() {
        closed = true;
        publisher.close();
        requests.close();
    }

    boolean closed() {
        return closed;
    }

    boolean upstreamStopped() {
        return upstreamStopped;
    }

    /** Why the messages wait upstream (the stream is missing), or null. */
    Throwable streamFailure() {
        return streamFailure;
    }

    Throwable lastFailure() {
        return lastFailure;
    }
}
