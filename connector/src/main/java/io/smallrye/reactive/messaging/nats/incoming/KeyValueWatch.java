package io.smallrye.reactive.messaging.nats.incoming;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.nats.client.impl.NatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingKeyValueMetadata;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.jetstream.Buckets;
import io.smallrye.reactive.messaging.nats.jetstream.WatchSettings;

/**
 * A watch of a key-value bucket through jnats' KeyValue API: one message per update of a watched key. jnats hands
 * the entries to a watcher on its dispatcher thread; the watcher holds a few for the poller and, when they are not
 * taken, waits there, so the server's flow control stops the watch until downstream asks again. While the bucket
 * cannot be watched (missing, no JetStream) readiness says why and the poller retries every second.
 */
final class KeyValueWatch implements MessageSource, KeyValueWatcher {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int HELD_ENTRIES = 256;
    private static final byte[] NO_VALUE = new byte[0];
    /** Put among the entries to wake the poller at once when the channel closes (when it waits, none are held). */
    private static final Object WAKE_UP = new Object();

    private final IncomingSettings settings;
    private final WatchSettings watch;
    private final Deliveries deliveries;
    private final NatsFailureHandler failureHandler;
    private final BlockingQueue<Object> entries = new ArrayBlockingQueue<>(HELD_ENTRIES);
    /** The poller's own: the connection and when to try watching again. */
    private Connection connection;
    private long nextAttempt;
    private volatile NatsKeyValueWatchSubscription subscription;
    private volatile String unavailable = "not watching yet";
    private volatile boolean caughtUp;
    private volatile boolean stopped;

    KeyValueWatch(IncomingSettings settings, Deliveries deliveries, NatsFailureHandler failureHandler) {
        this.settings = settings;
        this.watch = settings.watch();
        this.deliveries = deliveries;
        this.failureHandler = failureHandler;
    }

    @Override
    public void open(Connection connected) {
        connection = connected;
        startWatching();
    }

    private void startWatching() {
        nextAttempt = System.nanoTime() + RETRY_NANOS;
        String bucket = watch.bucket().name();
        try {
            subscription = Buckets.open(connection, watch.bucket(), settings.channel())
                    .watch(watch.keys(), this, watch.options());
            unavailable = null;
            NatsLogging.log.watching(settings.channel(), watch.keys(), bucket, watch.deliver());
        } catch (IllegalStateException | IllegalArgumentException | IOException | JetStreamApiException e) {
            if (!String.valueOf(e.getMessage()).equals(unavailable)) {
                NatsLogging.log.watchUnavailable(settings.channel(), bucket, e.getMessage());
            }
            unavailable = String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Message<?> poll() {
        if (stopped || deliveries.closed()) { // what the watcher holds is still in the bucket
            stop();
            return END;
        }
        if (subscription == null && System.nanoTime() >= nextAttempt) {
            startWatching();
        }
        Object entry;
        try {
            entry = entries.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
        return entry instanceof KeyValueEntry update ? deliver(update) : null;
    }

    private Message<?> deliver(KeyValueEntry entry) {
        byte[] value = entry.getValue() == null ? NO_VALUE : entry.getValue();
        String subject = "$KV." + entry.getBucket() + "." + entry.getKey();
        NatsMessage raw = NatsMessage.builder().subject(subject).data(value).build();
        List<Object> metadata = List.of(new IncomingNatsMetadata(subject, null, null, null),
                new IncomingKeyValueMetadata(entry));
        return deliveries.deliver(new IncomingNatsMessage<>(raw, value, metadata, failureHandler), null, false);
    }

    /** On jnats' dispatcher thread: waits while the poller holds enough entries. */
    @Override
    public void watch(KeyValueEntry entry) {
        try {
            while (!stopped && !entries.offer(entry, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                // downstream is behind: holding the dispatcher back holds the server back
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void wakeUp() {
        entries.offer(WAKE_UP);
    }

    @Override
    public void endOfData() {
        caughtUp = true;
    }

    @Override
    public ChannelHealth readiness() {
        String reason = unavailable;
        if (reason != null) {
            return new ChannelHealth(false, reason);
        }
        return new ChannelHealth(true, "watching keys '" + watch.keys() + "' of key-value bucket '" + watch.bucket().name()
                + "'" + (caughtUp ? "" : ", catching up"));
    }

    @Override
    public void stop() {
        stopped = true;
        NatsKeyValueWatchSubscription watching = subscription;
        if (watching != null) {
            try {
                watching.unsubscribe();
            } catch (IllegalStateException alreadyClosed) {
                // the connection is closing; nothing left to unsubscribe
            }
        }
    }
}
