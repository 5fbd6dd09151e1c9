package io.smallrye.reactive.messaging.nats.benchmarks.quarkus;

import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

/**
 * The source of an {@code @Outgoing} channel that lives as long as the application: each {@link #send} emits one
 * burst of messages, as fast as the channel requests them.
 */
final class Bursts {

    private record Burst(int count, byte[] payload) {
    }

    private final UnicastProcessor<Burst> bursts = UnicastProcessor.create();
    private final Function<byte[], Message<byte[]>> message;

    Bursts(Function<byte[], Message<byte[]>> message) {
        this.message = message;
    }

    Multi<Message<byte[]>> messages() {
        return bursts.onItem().transformToMultiAndConcatenate(burst -> Multi.createFrom().range(0, burst.count())
                .map(i -> message.apply(burst.payload())));
    }

    void send(int count, byte[] payload) {
        bursts.onNext(new Burst(count, payload));
    }
}
