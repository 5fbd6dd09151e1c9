package io.smallrye.nats.examples.quickstart;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.nats.OutgoingNatsMetadata;

/** Two replicas of the worker agent in the queue group "workers": each task goes to exactly one of them. */
@ApplicationScoped
public class Workers {

    @Inject
    @Channel("results-out")
    Emitter<String> results;

    @Incoming("worker-1")
    void first(String task) {
        work("worker-1", task);
    }

    @Incoming("worker-2")
    void second(String task) {
        work("worker-2", task);
    }

    private void work(String worker, String task) {
        String result = "done: " + task;
        Transcript.say(worker, "works on '" + task + "'");
        results.send(Message.of(result)
                .addMetadata(OutgoingNatsMetadata.builder().withSubject("agents.results." + worker).build()));
    }
}
