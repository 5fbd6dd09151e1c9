package io.smallrye.reactive.messaging.nats.incoming;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.Connection;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;

/**
 * Where an incoming channel takes its messages from: a core subscription, a JetStream pull consumer, a key-value
 * watch or a service endpoint.
 */
interface MessageSource {

    /** Returned by {@link #poll()} when the stream is over. */
    Message<?> END = Message.of("end of stream");

    /** Subscribes; runs on the poller thread once the connection is established. */
    void open(Connection connected);

    /** The next message, null when none arrived within a short wait, or {@link #END}. Runs on the poller thread. */
    Message<?> poll();

    /**
     * A message the client has already received, without waiting; null when there is none (or the source has no
     * batches: a watch, a service), or {@link #END}. Runs on the poller thread, to fill a batch after {@link #poll()}.
     */
    default Message<?> pollReceived() {
        return null;
    }

    /** Stops receiving; called on cancellation, fatal failure and shutdown, possibly more than once. */
    void stop();

    /** Wakes the poller if it waits for the server; called once the channel is closed. */
    default void wakeUp() {
    }

    /** Readiness once the connection is up. */
    ChannelHealth readiness();

    /** Messages the client dropped because the channel could not keep up (core subscriptions). */
    default long droppedCount() {
        return 0;
    }
}
