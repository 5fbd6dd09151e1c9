package io.smallrye.reactive.messaging.nats.incoming;

import java.time.Duration;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.BaseConsumerContext;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumeOptions;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.MessageConsumer;
import io.nats.client.StreamContext;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.jetstream.ConsumerSettings;
import io.smallrye.reactive.messaging.nats.jetstream.PrioritySettings;
import io.smallrye.reactive.messaging.nats.jetstream.ServerVersions;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;
import io.smallrye.reactive.messaging.nats.jetstream.Streams;

/**
 * A JetStream pull consumer, through jnats' iterable consumer: it pulls ahead, at most {@code pull-batch-size} messages
 * beyond those the poller took, and pulls again once a quarter of them were taken, so the next batch is on its way
 * while downstream works (one pull at a time left a round trip between batches). With {@code pull-batch-size=1}
 * nothing may wait behind the message being processed, so each pull is a fetch of one message, made when the poller
 * wants one (jnats' iterable consumer would only pull again after the pull of one expired). The poller takes messages
 * only when downstream asks for more, and the server bounds those delivered but not acked by {@code max-ack-pending}.
 * <p>
 * A server restart throws away the waiting pull requests while the client keeps waiting on them (jnats only notices
 * after heartbeats go missing). So when the connection resubscribes after a reconnect, the consumer is closed and a
 * new one pulls at once; and when the stream has messages pending for the consumer yet none came for a whole pull
 * expiry (a consumer leader died with the waiting pulls), the pull is made again. A server that stops answering
 * without a disconnect shows in readiness while jnats reports the heartbeats of the pulls missing.
 */
final class JetStreamPull implements MessageSource {

    /** How long the poller waits for a message before it looks at the channel's state again. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final String channel;
    private final StreamSettings stream;
    private final ConsumerSettings consumerSettings;
    private final SharedConnection connection;
    private final Deliveries deliveries;
    private final NatsFailureHandler failureHandler;
    private final JetStreamAcks acks;
    private final ConsumeOptions pullOptions;
    /** With a batch of one message: no pulling ahead. */
    private final FetchConsumeOptions fetchOne;
    private volatile BaseConsumerContext consumer;
    private volatile MessageConsumer pull;
    private volatile boolean restartPull;
    private volatile String consumerError;
    /** jnats repeats the alarm while heartbeats stay missing: an older one means the pulls are answered again. */
    private final long alarmWindowNanos;
    private final long pullExpiresNanos;
    /** When jnats last said the heartbeats of this consumer's pulls stopped coming; 0 once a message arrived. */
    private volatile long lastHeartbeatAlarm;
    /** When the poller last took a message, and how many the stream had pending for the consumer then. */
    private long lastMessageAt = System.nanoTime();
    private long pendingAtLastMessage;

    JetStreamPull(IncomingSettings settings, SharedConnection connection, Deliveries deliveries,
            NatsFailureHandler failureHandler) {
        this.channel = settings.channel();
        this.stream = settings.stream();
        this.consumerSettings = settings.consumer();
        this.connection = connection;
        this.deliveries = deliveries;
        this.failureHandler = failureHandler;
        this.acks = new JetStreamAcks(channel, consumerSettings);
        this.alarmWindowNanos = consumerSettings.pullExpires().multipliedBy(2).toNanos();
        this.pullExpiresNanos = consumerSettings.pullExpires().toNanos();
        ConsumeOptions.Builder pulls = ConsumeOptions.builder().batchSize(consumerSettings.batchSize())
                .expiresIn(consumerSettings.pullExpires().toMillis());
        FetchConsumeOptions.Builder one = FetchConsumeOptions.builder().maxMessages(1)
                .expiresIn(consumerSettings.pullExpires().toMillis());
        PrioritySettings priority = consumerSettings.priority();
        if (priority != null) { // each pull joins the group, with this replica's overflow thresholds
            pulls.group(priority.group()).minPending(priority.minPending()).minAckPending(priority.minAckPending());
            one.group(priority.group()).minPending(priority.minPending()).minAckPending(priority.minAckPending());
        }
        this.pullOptions = pulls.build();
        this.fetchOne = consumerSettings.batchSize() == 1 ? one.build()
                : null;
        connection.events().onHeartbeatAlarm(consumerName -> {
            BaseConsumerContext bound = consumer;
            if (bound != null && consumerName != null && consumerName.equals(bound.getConsumerName())) {
                lastHeartbeatAlarm = System.nanoTime();
            }
        });
        connection.events().onEvent(event -> {
            if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.RECONNECTED) {
                acks.connectionLost();
            }
            if (event == ConnectionListener.Events.RESUBSCRIBED) {
                // The poller may be waiting on the forgotten pull: closing it wakes the poller, which pulls again.
                restartPull = true;
                Infrastructure.getDefaultWorkerPool().execute(this::closePull);
            }
        });
    }

    @Override
    public void open(Connection connected) {
        bindConsumer(connected);
    }

    private boolean bindConsumer(Connection connected) {
        try {
            if (!Streams.ensure(connected, stream, channel)) {
                throw Streams.missing(stream, channel);
            }
            if (consumerSettings.priority() != null) {
                ServerVersions.require(connected, ServerVersions.PRIORITY_GROUPS, channel,
                        "pull in priority-group '" + consumerSettings.priority().group() + "'");
            }
            StreamContext context = connected.getStreamContext(stream.name(), stream.api());
            if (consumerSettings.ordered()) {
                consumer = context.createOrderedConsumer(consumerSettings.orderedConfiguration());
            } else if (consumerSettings.bind()) {
                consumer = context.getConsumerContext(consumerSettings.durable());
            } else {
                consumer = context.createOrUpdateConsumer(consumerSettings.configuration());
            }
            consumerError = null;
            String durable = consumerSettings.durable();
            NatsLogging.log.subscribed(channel, consumerSettings.filterSubject(), " through JetStream stream '"
                    + stream.name() + "'" + (durable == null ? "" : " with durable consumer '" + durable + "'"));
            return true;
        } catch (Exception e) {
            consumerUnavailable(e.getMessage());
            return false;
        }
    }

    /** Shown in readiness; logged when it changes, not at every retry. */
    private void consumerUnavailable(String reason) {
        if (!reason.equals(consumerError)) {
            NatsLogging.log.consumerUnavailable(channel, stream.name(), reason);
        }
        consumerError = reason;
    }

    @Override
    public Message<?> poll() {
        return receive(POLL);
    }

    @Override
    public Message<?> pollReceived() {
        return pull == null || consumer == null ? null : receive(null); // nothing pulled: nothing to take
    }

    /** @param wait how long to wait for a message; null: take one only if already pulled */
    private Message<?> receive(Duration wait) {
        if (deliveries.closed()) {
            return END;
        }
        try {
            if (consumer == null && !bindConsumer(connection.current())) {
                Thread.sleep(consumerSettings.pullExpires().toMillis() / 5); // the server answered; retry without spinning
                return null;
            }
            if (restartPull) {
                restartPull = false;
                closePull();
            }
            MessageConsumer current = pull;
            if (current == null) {
                current = fetchOne != null ? consumer.fetch(fetchOne) : consumer.iterate(pullOptions);
                pull = current;
                if (deliveries.closed()) { // closed while the pull was being made: nobody will wake us
                    closePull();
                    return END;
                }
            }
            io.nats.client.Message message = next(current, wait);
            if (message == null || !message.isJetStream()) {
                restartIfLost();
                return null;
            }
            lastHeartbeatAlarm = 0;
            lastMessageAt = System.nanoTime();
            pendingAtLastMessage = message.metaData().pendingCount();
            acks.delivered(message);
            IncomingNatsMetadata metadata = new IncomingNatsMetadata(message.getSubject(), message.getReplyTo(),
                    message.getHeaders(), consumerSettings.durable());
            return deliveries.deliver(new IncomingJetStreamMessage<>(message, message.getData(), metadata, failureHandler,
                    acks), consumerSettings.durable(), message.metaData().deliveredCount() > 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        } catch (JetStreamStatusCheckedException | RuntimeException | java.io.IOException
                | io.nats.client.JetStreamApiException e) {
            // Pull rejected (consumer deleted, leader change, disconnect): rebind and pull again.
            consumerUnavailable(String.valueOf(e.getMessage()));
            closePull();
            consumer = null;
            return null;
        }
    }

    /**
     * The stream had messages for this consumer, yet none came for a whole pull expiry: the waiting pulls went with a
     * consumer leader that died. Pull again now rather than when jnats notices their heartbeats missing (1.5 expiries
     * later). Nothing pulled ahead is lost by this: nothing arrived.
     */
    private void restartIfLost() {
        if (pendingAtLastMessage > 0 && System.nanoTime() - lastMessageAt > pullExpiresNanos) {
            closePull();
            lastMessageAt = System.nanoTime();
        }
    }

    private io.nats.client.Message next(MessageConsumer current, Duration wait)
            throws InterruptedException, JetStreamStatusCheckedException {
        if (current instanceof IterableConsumer iterable) {
            return iterable.nextMessage(wait); // null: no wait
        }
        if (wait == null) {
            return null; // a fetch of one message has nothing more
        }
        io.nats.client.Message message = ((FetchConsumer) current).nextMessage();
        if (message == null) {
            closePull(); // this fetch is done: delivered or expired
        }
        return message;
    }

    /**
     * Closes the consumer's subscription: a consumer only stopped keeps it, and the server's late status messages in
     * it, which the connection drain waits for. Messages pulled but not handed out are redelivered after ack-wait.
     */
    private void closePull() {
        MessageConsumer current = pull;
        pull = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                // the pull is abandoned either way
            }
        }
    }

    @Override
    public ChannelHealth readiness() {
        if (consumer == null) {
            return new ChannelHealth(false, "no consumer on stream '" + stream.name() + "'"
                    + (consumerError == null ? "" : ": " + consumerError));
        }
        long alarm = lastHeartbeatAlarm;
        if (alarm != 0 && System.nanoTime() - alarm < alarmWindowNanos) {
            return new ChannelHealth(false, "stalled: the server does not answer the pulls on stream '" + stream.name()
                    + "' (heartbeats missing); pulling again");
        }
        return new ChannelHealth(true, "consuming stream '" + stream.name() + "'; " + deliveries.inFlight() + " in flight");
    }

    /** Wakes a poller waiting on a pull: messages pulled but not handed out yet are redelivered after ack-wait. */
    @Override
    public void wakeUp() {
        closePull();
    }

    @Override
    public void stop() {
        closePull();
        acks.close();
    }
}
