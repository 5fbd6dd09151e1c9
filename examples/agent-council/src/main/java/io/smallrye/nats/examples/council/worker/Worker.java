package io.smallrye.nats.examples.council.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * A worker replica: does the planned tasks it gets from the durable consumer "workers" and reports each one done. The
 * consumer's pinned priority group gives every task to one replica; the others stand by.
 */
@ApplicationScoped
public class Worker {

    @Inject
    @ConfigProperty(name = "council.worker")
    String name;

    /** The task is acked once its report is published. */
    @Incoming("work")
    @Outgoing("done")
    String work(String task) {
        System.out.println("does '" + task + "'");
        return name + ":" + task;
    }
}
