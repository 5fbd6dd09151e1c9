package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsConnectorCommonConfiguration;
import io.smallrye.reactive.messaging.nats.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.fault.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;

/**
 * A core NATS subscription as a stream. The subscription is synchronous: jnats buffers incoming messages up to the
 * pending limits (beyond them it drops and we report a slow consumer), and the channel's own thread takes them out
 * only when downstream asks for more. No handler ever runs on a jnats thread.
 */
public class NatsIncomingChannel implements NatsChannel, NatsFailureHandler.Context {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long SLOW_CONSUMER_LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
    private static final Message<?> END = Message.of("end of stream");

    private final String channel;
    private final String subject;
    private final String queue;
    private final int pendingMaxMessages;
    private final long pendingMaxBytes;
    private final boolean healthEnabled;
    private final NatsConnection connection;
    private final NatsFailureHandler failureHandler;
    private final ExecutorService poller;
    private final AtomicLong lastSlowConsumerLog = new AtomicLong(System.nanoTime() - SLOW_CONSUMER_LOG_INTERVAL_NANOS);

    private volatile Subscription subscription;
    private volatile Throwable fatalFailure;
    private volatile Throwable lastFailure;
    private volatile boolean closed;

    public NatsIncomingChannel(NatsConnectorIncomingConfiguration config,
            Function<NatsConnectorCommonConfiguration, NatsConnection> connections, NatsFailureHandler.Factory failureHandlerFactory) {
        this.channel = config.getChannel();
        this.subject = config.getSubject();
        this.queue = config.getQueue().orElse(null);
        this.pendingMaxMessages = config.getPendingMaxMessages();
        this.pendingMaxBytes = config.getPendingMaxBytes();
        this.healthEnabled = config.getHealthEnabled();
        SubjectNames.validate(channel, "subject", subject, true);
        if (queue != null) {
            SubjectNames.validate(channel, "queue", queue, false);
        }
        if (pendingMaxMessages <= 0 || pendingMaxBytes <= 0) {
            throw NatsExceptions.ex.invalidAttribute(
                    pendingMaxMessages <= 0 ? "pending-max-messages" : "pending-max-bytes", channel, "must be positive");
        }
        this.failureHandler = failureHandlerFactory.create(config, this);
        this.connection = connections.apply(config);
        this.poller = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "nats-incoming-" + channel);
            thread.setDaemon(true);
            return thread;
        });
    }

    public PublisherBuilder<Message<?>> publisherBuilder() {
        Multi<Message<?>> messages = Uni.createFrom().completionStage(connection::connected)
                .emitOn(poller)
                .onItem().transformToMulti(this::subscribe)
                .runSubscriptionOn(poller)
                .onCancellation().invoke(this::unsubscribe)
                .onTermination().invoke(() -> {
                    poller.shutdown();
                    connection.release();
                });
        return ReactiveStreams.fromPublisher(AdaptersToReactiveStreams.publisher(messages));
    }

    private Multi<Message<?>> subscribe(Connection connection) {
        Subscription sub = queue == null ? connection.subscribe(subject) : connection.subscribe(subject, queue);
        sub.setPendingLimits(pendingMaxMessages, pendingMaxBytes);
        this.connection.onSlowConsumer(sub, this::onSlowConsumer);
        subscription = sub;
        NatsLogging.log.subscribed(channel, subject, queue == null ? "" : " in queue group '" + queue + "'");
        return Multi.createBy().repeating().<Message<?>> supplier(() -> next(sub)).until(m -> m == END);
    }

    /** Runs on the poller thread, only when downstream has demand; null means "nothing yet, poll again". */
    private Message<?> next(Subscription sub) {
        if (fatalFailure != null) {
            throw failed();
        }
        if (closed && sub.getPendingMessageCount() == 0) {
            // Nothing buffered is left to hand out: stop receiving, so the connection drain does not wait for us.
            unsubscribe();
            return END;
        }
        io.nats.client.Message message;
        try {
            message = sub.nextMessage(POLL);
        } catch (IllegalStateException subscriptionClosed) {
            if (fatalFailure != null) {
                throw failed();
            }
            return END;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
        if (message == null) {
            return null;
        }
        IncomingNatsMetadata metadata = new IncomingNatsMetadata(message.getSubject(), message.getReplyTo(),
                message.getHeaders(), queue);
        return new IncomingNatsMessage<>(message, message.getData(), metadata, failureHandler);
    }

    private RuntimeException failed() {
        return fatalFailure instanceof RuntimeException e ? e : new CompletionException(fatalFailure);
    }

    private void onSlowConsumer() {
        long now = System.nanoTime();
        long last = lastSlowConsumerLog.get();
        if (now - last >= SLOW_CONSUMER_LOG_INTERVAL_NANOS && lastSlowConsumerLog.compareAndSet(last, now)) {
            NatsLogging.log.slowConsumer(channel, droppedCount(), subject, pendingMaxMessages, pendingMaxBytes);
        }
    }

    /** Messages the client dropped because this channel could not keep up. */
    public long droppedCount() {
        Subscription sub = subscription;
        return sub == null ? 0 : sub.getDroppedCount();
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
        ChannelHealth connected = connection.health();
        if (!connected.ok()) {
            return connected;
        }
        Subscription sub = subscription;
        if (sub == null || !sub.isActive()) {
            return new ChannelHealth(false, "not subscribed to '" + subject + "'");
        }
        long dropped = sub.getDroppedCount();
        return new ChannelHealth(true, "subscribed to '" + subject + "'"
                + (dropped == 0 ? "" : "; slow consumer: " + dropped + " messages dropped"));
    }

    @Override
    public ChannelHealth liveness() {
        Throwable failure = fatalFailure;
        return failure == null ? new ChannelHealth(true, lastFailure == null ? null : "last failure: " + lastFailure)
                : new ChannelHealth(false, "failed: " + failure);
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public Connection connection() {
        Connection current = connection.current();
        if (current == null) {
            throw new IllegalStateException("channel '" + channel + "' is not connected");
        }
        return current;
    }

    @Override
    public void reportFailure(Throwable failure, boolean fatal) {
        lastFailure = failure;
        if (fatal) {
            fatalFailure = failure;
            // The poller sees the failure at its next poll and fails the stream.
            unsubscribe();
        }
    }

    private void unsubscribe() {
        Subscription sub = subscription;
        if (sub != null && sub.isActive()) {
            try {
                sub.unsubscribe();
            } catch (IllegalStateException alreadyClosed) {
                // the connection is closing; nothing left to unsubscribe
            }
        }
    }

    /** Lets the poller hand out what jnats already buffered, then stops it; the connection drain does the rest. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Subscription sub = subscription;
        if (sub == null) {
            poller.shutdown();
        } else {
            connection.removeSlowConsumerListener(sub);
        }
    }
}
