package io.smallrye.reactive.messaging.nats.it.base;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A test application with one channel each way: it sends through "out" and records what arrives on "in". */
@ApplicationScoped
public class InOutApp {
    private final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("out")
    Emitter<String> emitter;

    @Incoming("in")
    void receive(String payload) {
        received.add(payload);
    }

    public List<String> received() {
        return received;
    }

    public Emitter<String> emitter() {
        return emitter;
    }
}
