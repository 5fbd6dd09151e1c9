package io.smallrye.reactive.messaging.nats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.reactive.messaging.nats.fault.NatsFailureHandler;

/**
 * A message received from a core NATS subscription. The payload is the raw {@code byte[]}; on SmallRye the
 * connector's converter turns it into the type the method asks for. Core NATS has no acknowledgement, so
 * {@code ack()} completes at once; {@code nack()} goes to the channel's failure strategy.
 */
public class IncomingNatsMessage<T> implements Message<T> {

    private final io.nats.client.Message message;
    private final T payload;
    private final NatsFailureHandler failureHandler;
    private volatile Metadata metadata;
    private volatile Consumer<Throwable> settledListener;

    public IncomingNatsMessage(io.nats.client.Message message, T payload, IncomingNatsMetadata metadata,
            NatsFailureHandler failureHandler) {
        this(message, payload, Metadata.of(metadata), failureHandler);
    }

    protected IncomingNatsMessage(io.nats.client.Message message, T payload, Metadata metadata,
            NatsFailureHandler failureHandler) {
        this.message = message;
        this.payload = payload;
        this.metadata = metadata;
        this.failureHandler = failureHandler;
    }

    @Override
    public T getPayload() {
        return payload;
    }

    @Override
    public Metadata getMetadata() {
        return metadata;
    }

    /** The jnats message as received. */
    public io.nats.client.Message getNatsMessage() {
        return message;
    }

    public IncomingNatsMetadata getNatsMetadata() {
        return metadata.get(IncomingNatsMetadata.class).orElseThrow();
    }

    @Override
    public final Function<Metadata, CompletionStage<Void>> getAckWithMetadata() {
        return m -> {
            settled(null);
            return acknowledge();
        };
    }

    @Override
    public final BiFunction<Throwable, Metadata, CompletionStage<Void>> getNackWithMetadata() {
        return (reason, m) -> {
            settled(reason);
            return failureHandler.handle(this, reason, m == null ? Metadata.empty() : m);
        };
    }

    /** What an ack tells the server; nothing on core NATS, which has no acknowledgement. */
    protected CompletionStage<Void> acknowledge() {
        return CompletableFuture.completedFuture(null);
    }

    /** Adds metadata after creation, as tracing does with the context the application continues. */
    public void injectMetadata(Object extra) {
        metadata = metadata.with(extra);
    }

    /** Called once when the message is acked (with null) or nacked (with the reason): ends its span, counts it. */
    public void onSettled(Consumer<Throwable> listener) {
        Consumer<Throwable> previous = settledListener;
        settledListener = previous == null ? listener : previous.andThen(listener);
    }

    private void settled(Throwable failure) {
        Consumer<Throwable> listener = settledListener;
        settledListener = null;
        if (listener != null) {
            listener.accept(failure);
        }
    }

    /** Asks for a later redelivery; core NATS cannot redeliver, which is why nak is a JetStream-only strategy. */
    public CompletionStage<Void> redeliver(Metadata nackMetadata) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("core NATS messages cannot be redelivered"));
    }

    /** Tells the server never to deliver this message again; nothing to tell on core NATS. */
    public CompletionStage<Void> terminate() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C> C unwrap(Class<C> unwrapType) {
        if (unwrapType.isInstance(message)) {
            return (C) message;
        }
        return Message.super.unwrap(unwrapType);
    }
}
