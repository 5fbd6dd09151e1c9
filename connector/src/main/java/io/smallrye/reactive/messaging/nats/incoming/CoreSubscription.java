package io.smallrye.reactive.messaging.nats.incoming;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connection.ServerEvents;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;

/**
 * A core NATS subscription. It is synchronous: jnats buffers incoming messages up to the pending limits (beyond them
 * it drops and we report a slow consumer), and the poller takes them out only when downstream asks for more.
 */
final class CoreSubscription implements MessageSource {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long SLOW_CONSUMER_LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final IncomingSettings settings;
    private final ServerEvents events;
    private final Deliveries deliveries;
    private final FailureContext failures;
    private final NatsFailureHandler failureHandler;
    private final Supplier<String> denial;
    private final AtomicLong lastSlowConsumerLog = new AtomicLong(System.nanoTime() - SLOW_CONSUMER_LOG_INTERVAL_NANOS);
    private volatile Subscription subscription;

    CoreSubscription(IncomingSettings settings, SharedConnection connection, Deliveries deliveries,
            FailureContext failures, NatsFailureHandler failureHandler) {
        this.settings = settings;
        this.events = connection.events();
        this.deliveries = deliveries;
        this.failures = failures;
        this.failureHandler = failureHandler;
        this.denial = events.denial(ServerEvents.Operation.SUBSCRIPTION, settings.subject());
    }

    @Override
    public void open(Connection connected) {
        String queue = settings.queue();
        Subscription sub = queue == null ? connected.subscribe(settings.subject())
                : connected.subscribe(settings.subject(), queue);
        sub.setPendingLimits(settings.pendingMaxMessages(), settings.pendingMaxBytes());
        events.onSlowConsumer(sub, this::onSlowConsumer);
        subscription = sub;
        NatsLogging.log.subscribed(settings.channel(), settings.subject(),
                queue == null ? "" : " in queue group '" + queue + "'");
    }

    @Override
    public Message<?> poll() {
        return receive(POLL);
    }

    @Override
    public Message<?> pollReceived() {
        return receive(null);
    }

    /** @param wait how long to wait for a message; null: take one only if already received */
    private Message<?> receive(Duration wait) {
        Subscription sub = subscription;
        if (deliveries.closed() && sub.getPendingMessageCount() == 0) {
            // Nothing buffered is left to hand out: stop receiving, so the connection drain does not wait for us.
            stop();
            return END;
        }
        io.nats.client.Message message;
        try {
            message = sub.nextMessage(wait);
        } catch (IllegalStateException unsubscribed) {
            return failures.fatalFailure() != null ? null : END; // on failure, the next poll fails the stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
        if (message == null) {
            return null;
        }
        IncomingNatsMetadata metadata = new IncomingNatsMetadata(message.getSubject(), message.getReplyTo(),
                message.getHeaders(), settings.queue());
        return deliveries.deliver(new IncomingNatsMessage<>(message, message.getData(), metadata, failureHandler),
                settings.queue(), false);
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
            NatsLogging.log.slowConsumer(settings.channel(), subscription.getDroppedCount(), settings.subject(),
                    settings.pendingMaxMessages(), settings.pendingMaxBytes());
        }
    }

    @Override
    public ChannelHealth readiness() {
        String denied = denial.get();
        if (denied != null) {
            return new ChannelHealth(false, denied);
        }
        Subscription sub = subscription;
        if (sub == null || !sub.isActive()) {
            return new ChannelHealth(false, "not subscribed to '" + settings.subject() + "'");
        }
        long dropped = sub.getDroppedCount();
        return new ChannelHealth(true, "subscribed to '" + settings.subject() + "'"
                + (dropped == 0 ? "" : "; slow consumer: " + dropped + " messages dropped"));
    }

    @Override
    public void stop() {
        Subscription sub = subscription;
        if (sub != null && sub.isActive()) {
            events.removeSlowConsumerListener(sub);
            try {
                sub.unsubscribe();
            } catch (IllegalStateException alreadyClosed) {
                // the connection is closing; nothing left to unsubscribe
            }
        }
    }
}
