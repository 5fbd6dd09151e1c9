package io.smallrye.reactive.messaging.nats.it.vertx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where the runtime has Vert.x, each message reaches the method on a Vert.x context of its own, so a reactive call
 * (here a Vert.x timer, whose callback comes back on the caller's context) works in a {@code Uni} or
 * {@code CompletionStage} method, on core and JetStream channels alike. What a message keeps in its context does not
 * leak to the next, and the messages of a channel stay in order.
 */
class VertxContextTest extends JetStreamTestBase {

    private static final int MESSAGES = 50;

    /** What each message saw: "payload" when its context was a duplicate, of its own, and the timer came back on it. */
    static String check(String payload, Context context, Context timerContext) {
        if (context == null) {
            return payload + ": no Vert.x context";
        }
        if (!VertxContext.isDuplicatedContext(context)) {
            return payload + ": not a duplicated context";
        }
        if (timerContext != context) {
            return payload + ": the timer came back on another context";
        }
        Object local = context.getLocal("payload");
        return payload.equals(local) ? payload : payload + ": the context held " + local;
    }

    @Singleton // no client proxy: the test reads the fields directly
    public static class CoreApp {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Incoming("core")
        Uni<Void> consume(String payload) {
            Context context = Vertx.currentContext();
            if (context == null) {
                seen.add(check(payload, null, null));
                return Uni.createFrom().voidItem();
            }
            Object earlier = context.getLocal("payload"); // a context shared with an earlier message would hold it
            context.putLocal("payload", earlier == null ? payload : earlier);
            return Uni.createFrom().emitter(done -> context.owner().setTimer(1, timer -> {
                seen.add(check(payload, context, Vertx.currentContext()));
                done.complete(null);
            }));
        }
    }

    @Singleton // no client proxy: the test reads the fields directly
    public static class JetStreamApp {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Incoming("js")
        CompletionStage<Void> consume(Message<String> message) {
            Context context = Vertx.currentContext();
            if (context == null) {
                seen.add(check(message.getPayload(), null, null));
                return message.ack();
            }
            Object earlier = context.getLocal("payload");
            context.putLocal("payload", earlier == null ? message.getPayload() : earlier);
            CompletableFuture<Void> processed = new CompletableFuture<>();
            context.owner().setTimer(1, timer -> {
                seen.add(check(message.getPayload(), context, Vertx.currentContext()));
                processed.complete(null);
            });
            return processed.thenCompose(done -> message.ack());
        }
    }

    private static List<String> expected() {
        return IntStream.range(0, MESSAGES).mapToObj(i -> "m" + i).toList();
    }

    @Test
    void coreMessagesComeOnAContextOfTheirOwn() throws Exception {
        start(incoming(config(), "core", prefix + ".core"), CoreApp.class);
        await().until(() -> readiness().isOk());
        for (String payload : expected()) {
            client().publish(prefix + ".core", payload.getBytes());
        }
        CoreApp app = bean(CoreApp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.seen.size() == MESSAGES);
        assertEquals(expected(), app.seen);
    }

    @Test
    void withoutVertxContextMessagesComeOnTheChannelsOwnThread() throws Exception {
        Map<String, String> config = incoming(config(), "core", prefix + ".core");
        config.put("mp.messaging.incoming.core.vertx-context", "false");
        start(config, CoreApp.class);
        await().until(() -> readiness().isOk());
        client().publish(prefix + ".core", "m0".getBytes());
        CoreApp app = bean(CoreApp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.seen.size() == 1);
        assertEquals(List.of("m0: no Vert.x context"), app.seen);
    }

    @Test
    void jetStreamMessagesComeOnAContextOfTheirOwn() throws Exception {
        for (String payload : expected()) {
            publish(prefix + ".js", payload);
        }
        start(jetStreamIncoming(config(), "js", "contexts"), JetStreamApp.class);
        JetStreamApp app = bean(JetStreamApp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.seen.size() == MESSAGES);
        assertEquals(expected(), app.seen);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer("contexts").getNumAckPending() == 0);
    }
}
