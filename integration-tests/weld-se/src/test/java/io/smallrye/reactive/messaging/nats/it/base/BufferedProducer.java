package io.smallrye.reactive.messaging.nats.it.base;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** A test application sending bursts through "out": its emitter buffers what the channel has not asked for yet. */
@ApplicationScoped
public class BufferedProducer {

    @Inject
    @Channel("out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
    Emitter<String> emitter;

    public Emitter<String> emitter() {
        return emitter;
    }
}
