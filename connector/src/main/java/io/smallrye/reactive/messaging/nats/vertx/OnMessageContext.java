package io.smallrye.reactive.messaging.nats.vertx;

import java.util.Optional;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.MultiOperator;
import io.smallrye.mutiny.operators.multi.MultiOperatorProcessor;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import io.vertx.core.impl.ContextInternal;

/**
 * Emits each message on the event loop of the hand-over with the message's own context as the current one. SmallRye
 * runs a message on its context at once when that context is current, and otherwise queues one event-loop task per
 * message to get there; all the contexts of a channel share one event loop, so switching on the spot is the same.
 */
final class OnMessageContext extends MultiOperator<Message<?>, Message<?>> {

    OnMessageContext(Multi<Message<?>> upstream) {
        super(upstream);
    }

    @Override
    public void subscribe(MultiSubscriber<? super Message<?>> downstream) {
        upstream().subscribe().withSubscriber(new Processor(downstream));
    }

    private static final class Processor extends MultiOperatorProcessor<Message<?>, Message<?>> {

        Processor(MultiSubscriber<? super Message<?>> downstream) {
            super(downstream);
        }

        @Override
        public void onItem(Message<?> message) {
            Optional<LocalContextMetadata> local = message.getMetadata().get(LocalContextMetadata.class);
            if (local.isPresent()) {
                ((ContextInternal) local.get().context()).dispatch(() -> super.onItem(message));
            } else {
                super.onItem(message);
            }
        }
    }
}
