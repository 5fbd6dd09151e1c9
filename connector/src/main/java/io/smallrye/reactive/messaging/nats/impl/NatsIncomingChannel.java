package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsConnectorCommonConfiguration;
import io.smallrye.reactive.messaging.nats.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.fault.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/**
 * A core NATS subscription as a stream. The subscription is synchronous: jnats buffers incoming messages up to the
 * pending limits (beyond them it drops and we report a slow consumer), and the channel's poller takes them out only
 * when downstream asks for more. No handler ever runs on a jnats thread.
 */
public class NatsIncomingChannel extends AbstractIncomingChannel {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long SLOW_CONSUMER_LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final String subject;
    private final String queue;
    private final int pendingMaxMessages;
    private final long pendingMaxBytes;
    private final AtomicLong lastSlowConsumerLog = new AtomicLong(System.nanoTime() - SLOW_CONSUMER_LOG_INTERVAL_NANOS);
    private volatile Subscription subscription;
    private volatile String permissionViolation;

    public NatsIncomingChannel(NatsConnectorIncomingConfiguration config,
            Function<NatsConnectorCommonConfiguration, NatsConnection> connections, NatsFailureHandler.Factory failureHandlers,
            PayloadCodec codec, MessageTracer tracer) {
        super(validated(config), connections, failureHandlers, codec, tracer);
        this.subject = config.getSubject();
        this.queue = config.getQueue().orElseGet(() -> implicitQueue(channel));
        this.pendingMaxMessages = config.getPendingMaxMessages();
        this.pendingMaxBytes = config.getPendingMaxBytes();
        connection.onPermissionViolation((operation, denied) -> {
            if (operation.equalsIgnoreCase("Subscription") && denied.equals(subject)) {
                permissionViolation = "the server denies the subscription to '" + denied + "' (permissions violation)";
            }
        });
    }

    /**
     * SmallRye's {@code concurrency=N} makes N copies of a channel ({@code name$1}...); without a queue group each
     * copy would get every message. They share one, named after the channel.
     */
    private static String implicitQueue(String channel) {
        int copy = channel.indexOf('$');
        return copy < 0 ? null : channel.substring(0, copy);
    }

    private static NatsConnectorIncomingConfiguration validated(NatsConnectorIncomingConfiguration config) {
        String channel = config.getChannel();
        SubjectNames.validate(channel, "subject", config.getSubject(), true);
        config.getQueue().ifPresent(queue -> SubjectNames.validate(channel, "queue", queue, false));
        if (config.getPendingMaxMessages() <= 0) {
            throw NatsExceptions.ex.invalidAttribute("pending-max-messages", channel, "must be positive");
        }
        if (config.getPendingMaxBytes() <= 0) {
            throw NatsExceptions.ex.invalidAttribute("pending-max-bytes", channel, "must be positive");
        }
        return config;
    }

    @Override
    protected void open(Connection connected) {
        Subscription sub = queue == null ? connected.subscribe(subject) : connected.subscribe(subject, queue);
        sub.setPendingLimits(pendingMaxMessages, pendingMaxBytes);
        connection.onSlowConsumer(sub, this::onSlowConsumer);
        subscription = sub;
        NatsLogging.log.subscribed(channel, subject, queue == null ? "" : " in queue group '" + queue + "'");
    }

    @Override
    protected Message<?> poll() {
        Subscription sub = subscription;
        if (isClosed() && sub.getPendingMessageCount() == 0) {
            // Nothing buffered is left to hand out: stop receiving, so the connection drain does not wait for us.
            stop();
            return END;
        }
        io.nats.client.Message message;
        try {
            message = sub.nextMessage(POLL);
        } catch (IllegalStateException unsubscribed) {
            return hasFailed() ? null : END; // on failure, the next poll fails the stream with the cause
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
        if (message == null) {
            return null;
        }
        IncomingNatsMetadata metadata = new IncomingNatsMetadata(message.getSubject(), message.getReplyTo(),
                message.getHeaders(), queue);
        return delivered(new IncomingNatsMessage<>(message, message.getData(), metadata, failureHandler), queue, false);
    }

    @Override
    public long droppedCount() {
        Subscription sub = subscription;
        return sub == null ? 0 : sub.getDroppedCount();
    }

    private void onSlowConsumer() {
        long now = System.nanoTime();
        long last = lastSlowConsumerLog.get();
        if (now - last >= SLOW_CONSUMER_LOG_INTERVAL_NANOS && lastSlowConsumerLog.compareAndSet(last, now)) {
            NatsLogging.log.slowConsumer(channel, subscription.getDroppedCount(), subject, pendingMaxMessages,
                    pendingMaxBytes);
        }
    }

    @Override
    public ChannelHealth readiness() {
        ChannelHealth connected = connection.health();
        if (!connected.ok()) {
            return connected;
        }
        if (permissionViolation != null) {
            return new ChannelHealth(false, permissionViolation);
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
    protected void stop() {
        Subscription sub = subscription;
        if (sub != null && sub.isActive()) {
            connection.removeSlowConsumerListener(sub);
            try {
                sub.unsubscribe();
            } catch (IllegalStateException alreadyClosed) {
                // the connection is closing; nothing left to unsubscribe
            }
        }
    }
}
