package io.smallrye.reactive.messaging.nats;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The messages of a {@code batch=true} channel that arrived together, handed to the application at once: the payload
 * is the list of their payloads, in order. Acking the batch acks each message; nacking it nacks each with the same
 * reason, and each goes to the channel's failure strategy on its own (on JetStream: redelivered, termed or
 * dead-lettered one by one). {@link #getMessages()} gives each message with its own metadata, to settle them one by
 * one instead.
 *
 * @param <T> the payload type of each message
 */
public class IncomingNatsBatch<T> implements Message<List<T>> {

    private final List<IncomingNatsMessage<T>> messages;
    private final List<T> payloads;
    /** What the batch runs with: the Vert.x context of its own, where the runtime has one. */
    private final List<Object> metadataObjects;
    private volatile Metadata metadata;

    /** @param context the metadata giving the batch its Vert.x context, or null */
    public IncomingNatsBatch(List<IncomingNatsMessage<T>> messages, Object context) {
        this(List.copyOf(messages), payloads(messages), context == null ? List.of() : List.of(context));
    }

    private IncomingNatsBatch(List<IncomingNatsMessage<T>> messages, List<T> payloads, List<Object> metadataObjects) {
        this.messages = messages;
        this.payloads = payloads;
        this.metadataObjects = metadataObjects;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> payloads(List<IncomingNatsMessage<T>> messages) {
        List<T> payloads = new ArrayList<>(messages.size());
        for (IncomingNatsMessage<T> message : messages) {
            payloads.add(message.getPayload());
        }
        if (payloads.stream().allMatch(byte[].class::isInstance)) {
            return (List<T>) new RawPayloads(payloads.toArray(byte[][]::new));
        }
        return Collections.unmodifiableList(payloads);
    }

    /**
     * Raw payloads in a list whose class says {@code byte[]}: SmallRye passes a payload on as it is when its class fits
     * the type the method asks for, and would take any list for the {@code List<String>} of a
     * {@code Message<List<String>>} parameter; this one only fits {@code List<byte[]>}, so for any other element type
     * SmallRye asks the converters. (For a {@code List<X>} payload parameter SmallRye only looks at {@code List}:
     * there {@code payload-type} decodes the elements.)
     */
    private static final class RawPayloads extends AbstractList<byte[]> implements RandomAccess {
        private final byte[][] payloads;

        RawPayloads(byte[][] payloads) {
            this.payloads = payloads;
        }

        @Override
        public byte[] get(int index) {
            return payloads[index];
        }

        @Override
        public int size() {
            return payloads.length;
        }
    }

    /** The messages of the batch, in the order they arrived, each with its metadata, ack and nack. */
    public List<IncomingNatsMessage<T>> getMessages() {
        return messages;
    }

    @Override
    public List<T> getPayload() {
        return payloads;
    }

    /**
     * The same messages with their payloads converted one by one, as the connector's converter does for a method
     * taking a {@code List} of another type; a conversion that fails throws before anything is settled.
     */
    public <P> IncomingNatsBatch<P> map(Function<IncomingNatsMessage<T>, P> conversion) {
        List<IncomingNatsMessage<P>> converted = new ArrayList<>(messages.size());
        for (IncomingNatsMessage<T> message : messages) {
            converted.add(message.withPayload(conversion.apply(message)));
        }
        return new IncomingNatsBatch<>(List.copyOf(converted), payloads(converted), metadataObjects);
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

    @Override
    public CompletionStage<Void> ack() {
        return all(message -> message.ack());
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
        return all(message -> message.nack(reason));
    }

    @Override
    public Function<Throwable, CompletionStage<Void>> getNack() {
        return this::nack;
    }

    /** The nack metadata (e.g. a {@link JetStreamNackMetadata} delay) applies to each message. */
    @Override
    public final BiFunction<Throwable, Metadata, CompletionStage<Void>> getNackWithMetadata() {
        return (reason, nackMetadata) -> all(message -> message.getNackWithMetadata().apply(reason, nackMetadata));
    }

    /** Settles every message, even when settling one fails (e.g. a closed connection); fails if any did. */
    private CompletionStage<Void> all(Function<IncomingNatsMessage<T>, CompletionStage<Void>> settle) {
        CompletableFuture<?>[] settled = new CompletableFuture<?>[messages.size()];
        for (int i = 0; i < settled.length; i++) {
            try {
                settled[i] = settle.apply(messages.get(i)).toCompletableFuture();
            } catch (RuntimeException e) {
                settled[i] = CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.allOf(settled);
    }
}
