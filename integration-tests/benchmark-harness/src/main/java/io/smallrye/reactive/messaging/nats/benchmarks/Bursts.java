package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.function.Function;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

/**
 * The source of an {@code @Outgoing} channel that lives as long as the application: each {@link #send} emits one
 * burst of messages, as fast as the channel requests them.
 *
 * @param <M> the messages the channel takes
 */
public final class Bursts<M> {

    private record Burst(int count, byte[] payload) {
    }

    private final UnicastProcessor<Burst> bursts = UnicastProcessor.create();
    private final Function<byte[], M> message;

    public Bursts(Function<byte[], M> message) {
        this.message = message;
    }

    public Multi<M> messages() {
        return bursts.onItem().transformToMultiAndConcatenate(burst -> Multi.createFrom().range(0, burst.count())
                .map(i -> message.apply(burst.payload())));
    }

    public void send(int count, byte[] payload) {
        bursts.onNext(new Burst(count, payload));
    }
}
