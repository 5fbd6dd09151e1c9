package io.smallrye.reactive.messaging.nats.it.quarkus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.vertx.VertxContext;

/**
 * A JetStream channel each way with a record payload, configured as the README's JetStream example is (the outgoing
 * channel creates the stream, the incoming one waits for it): JSON goes through Quarkus' own Jackson ObjectMapper,
 * with no SmallRye Jackson module; a second consumer takes them in batches.
 */
@ApplicationScoped
public class Journal {

    public record Entry(String id, int amount) {
    }

    private final List<Entry> recorded = new CopyOnWriteArrayList<>();
    private final List<Entry> batched = new CopyOnWriteArrayList<>();
    private final List<String> batchThreads = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("journal-out")
    Emitter<Entry> out;

    @Incoming("journal-in")
    void record(Entry entry) {
        recorded.add(entry);
    }

    /**
     * The same entries a batch at a time ({@code batch=true}): a blocking signature, one worker hop per batch, on the
     * batch's own Vert.x context.
     */
    @Incoming("journal-batches")
    void recordBatch(List<Entry> entries) {
        boolean ownContext = VertxContext.isOnDuplicatedContext();
        batchThreads.add(Thread.currentThread().getName() + (ownContext ? "" : " without a duplicated context"));
        batched.addAll(entries);
    }

    public Emitter<Entry> out() {
        return out;
    }

    public List<Entry> recorded() {
        return recorded;
    }

    public List<Entry> batched() {
        return batched;
    }

    public List<String> batchThreads() {
        return batchThreads;
    }
}
