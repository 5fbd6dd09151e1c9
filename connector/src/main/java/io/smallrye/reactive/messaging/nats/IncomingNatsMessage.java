package io.smallrye.reactive.messaging.nats;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * A message received from a core NATS subscription. The payload is the raw {@code byte[]}, or the
 * {@code payload-type} the channel decodes to; on SmallRye the connector's converter also turns raw bytes into the
 * type the method asks for. Core NATS has no acknowledgement, so {@code ack()} completes at once; {@code nack()} goes
 * to the channel's failure strategy.
 * <p>
 * Runs on SmallRye's Message API (with {@link Metadata}) and on the plain MicroProfile Reactive Messaging 3.0 API of
 * Helidon MP (without it): the metadata objects are kept as such and {@link Metadata} is only built when SmallRye
 * asks for it, and ack and nack are overridden in both APIs' forms.
 */
public class IncomingNatsMessage<T> implements Message<T> {

    private final io.nats.client.Message message;
    private final T payload;
    private final NatsFailureHandler failureHandler;
    /** Shared with the copies {@link #withPayload} makes: whichever settles first ends the span and counts it. */
    private final AtomicReference<Consumer<Throwable>> settledListener;
    private volatile List<Object> metadataObjects;
    private volatile Metadata metadata;

    public IncomingNatsMessage(io.nats.client.Message message, T payload, IncomingNatsMetadata metadata,
            NatsFailureHandler failureHandler) {
        this(message, payload, List.of(metadata), failureHandler);
    }

    /** With more metadata objects than the {@link IncomingNatsMetadata}, which comes first. */
    public IncomingNatsMessage(io.nats.client.Message message, T payload, List<Object> metadataObjects,
            NatsFailureHandler failureHandler) {
        this.message = message;
        this.payload = payload;
        this.metadataObjects = List.copyOf(metadataObjects);
        this.failureHandler = failureHandler;
        this.settledListener = new AtomicReference<>();
    }

    /** The same delivery with another payload: acking or nacking either settles the delivery once. */
    protected IncomingNatsMessage(IncomingNatsMessage<?> delivery, T payload) {
        this.message = delivery.message;
        this.payload = payload;
        this.metadataObjects = delivery.metadataObjects;
        this.metadata = delivery.metadata; // built already when SmallRye looked at the delivery before converting it
        this.failureHandler = delivery.failureHandler;
        this.settledListener = delivery.settledListener;
    }

    @Override
    public T getPayload() {
        return payload;
    }

    /**
     * Keeps this class, so the reply-to subject, the JetStream acknowledgement and the failure strategy follow the
     * new payload on every runtime (the MicroProfile 3.0 default would drop them).
     */
    @Override
    public <P> IncomingNatsMessage<P> withPayload(P payload) {
        return new IncomingNatsMessage<>(this, payload);
    }

    /** SmallRye's view of the metadata; never called on runtimes whose Message API has none. */
    @Override
    public Metadata getMetadata() {
        Metadata current = metadata;
        if (current == null) {
            current = Metadata.from(metadataObjects);
            metadata = current;
        }
        return current;
    }

    /** The metadata of the given type, on every runtime. */
    public <M> Optional<M> metadata(Class<M> type) {
        for (Object candidate : metadataObjects) {
            if (type.isInstance(candidate)) {
                return Optional.of(type.cast(candidate));
            }
        }
        return Optional.empty();
    }

    /** Every metadata object, on every runtime. */
    public List<Object> metadataObjects() {
        return metadataObjects;
    }

    /** The jnats message as received. */
    public io.nats.client.Message getNatsMessage() {
        return message;
    }

    public IncomingNatsMetadata getNatsMetadata() {
        return metadata(IncomingNatsMetadata.class).orElseThrow();
    }

    @Override
    public CompletionStage<Void> ack() {
        return settling(this::acknowledge, null);
    }

    @Override
    public Supplier<CompletionStage<Void>> getAck() {
        return this::ack;
    }

    @Override
    public final Function<Metadata, CompletionStage<Void>> getAckWithMetadata() {
        return ignored -> ack();
    }

    @Override
    public CompletionStage<Void> nack(Throwable reason) {
        return nack(reason, Optional.empty());
    }

    @Override
    public Function<Throwable, CompletionStage<Void>> getNack() {
        return this::nack;
    }

    @Override
    public final BiFunction<Throwable, Metadata, CompletionStage<Void>> getNackWithMetadata() {
        return (reason, nackMetadata) -> nack(reason,
                nackMetadata == null ? Optional.empty() : nackMetadata.get(JetStreamNackMetadata.class));
    }

    private CompletionStage<Void> nack(Throwable reason, Optional<JetStreamNackMetadata> nackMetadata) {
        return settling(() -> failureHandler.handle(this, reason, nackMetadata), reason);
    }

    /**
     * Settled once the server was told (the ack sent, the dead letter stored...), not before: a stop waits for the
     * settlement of the messages in the application's hands, and only then releases the connection they need.
     */
    private CompletionStage<Void> settling(Supplier<CompletionStage<Void>> settlement, Throwable reason) {
        // Taken first: an ack the failure strategy makes (ignore, dead-letter) is part of this nack, not a settlement.
        Consumer<Throwable> listener = settledListener.getAndSet(null);
        CompletionStage<Void> done;
        try {
            done = settlement.get();
        } catch (RuntimeException e) {
            settled(listener, reason);
            throw e;
        }
        if (done instanceof CompletableFuture<Void> now && now.isDone()) {
            settled(listener, reason); // a core ack: done already, no stage to chain (once per message)
            return now;
        }
        return done.whenComplete((ignored, failure) -> settled(listener, reason));
    }

    private static void settled(Consumer<Throwable> listener, Throwable reason) {
        if (listener != null) {
            listener.accept(reason);
        }
    }

    /** What an ack tells the server; nothing on core NATS, which has no acknowledgement. */
    protected CompletionStage<Void> acknowledge() {
        return CompletableFuture.completedFuture(null);
    }

    /** Adds (or replaces, by class) metadata after creation, as tracing does with the context it continues. */
    public void injectMetadata(Object extra) {
        // Once or twice per message on the poller thread: no stream, no intermediate list.
        List<Object> current = metadataObjects;
        Object[] more = new Object[current.size() + 1];
        int count = 0;
        for (Object existing : current) {
            if (existing.getClass() != extra.getClass()) {
                more[count++] = existing;
            }
        }
        more[count++] = extra;
        metadataObjects = List.of(count == more.length ? more : Arrays.copyOf(more, count));
        metadata = null;
    }

    /** Called once the ack (with null) or the nack (with the reason) is done: ends its span, counts it. */
    public void onSettled(Consumer<Throwable> listener) {
        settledListener.accumulateAndGet(listener, (previous, next) -> previous == null ? next : previous.andThen(next));
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
