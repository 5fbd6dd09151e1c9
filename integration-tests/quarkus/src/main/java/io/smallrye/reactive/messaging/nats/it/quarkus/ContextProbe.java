package io.smallrye.reactive.messaging.nats.it.quarkus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Non-blocking methods on a core and a JetStream channel that make a reactive call (a Vert.x timer, whose callback
 * comes back on the caller's context). Each records the payload when the message came on a duplicated context of its
 * own and the timer came back on it, else what went wrong.
 */
@ApplicationScoped
public class ContextProbe {

    private final List<String> core = new CopyOnWriteArrayList<>();
    private final List<String> jetStream = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("probe-core-out")
    Emitter<String> coreOut;

    @Inject
    @Channel("probe-js-out")
    Emitter<String> jetStreamOut;

    @Incoming("probe-core")
    Uni<Void> onCore(String payload) {
        return Uni.createFrom().completionStage(() -> afterTimer(payload, core));
    }

    @Incoming("probe-js")
    CompletionStage<Void> onJetStream(Message<String> message) {
        return afterTimer(message.getPayload(), jetStream).thenCompose(done -> message.ack());
    }

    private static CompletionStage<Void> afterTimer(String payload, List<String> seen) {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            seen.add(payload + ": " + (context == null ? "no Vert.x context" : "not a duplicated context"));
            return CompletableFuture.completedFuture(null);
        }
        if (context.getLocal("payload") != null) {
            seen.add(payload + ": a context shared with " + context.getLocal("payload"));
        }
        context.putLocal("payload", payload);
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.owner().setTimer(1, timer -> {
            seen.add(Vertx.currentContext() == context ? payload : payload + ": the timer came back on another context");
            done.complete(null);
        });
        return done;
    }

    public Emitter<String> coreOut() {
        return coreOut;
    }

    public Emitter<String> jetStreamOut() {
        return jetStreamOut;
    }

    public List<String> core() {
        return core;
    }

    public List<String> jetStream() {
        return jetStream;
    }
}
