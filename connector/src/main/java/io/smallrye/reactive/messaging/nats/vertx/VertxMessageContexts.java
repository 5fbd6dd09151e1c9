package io.smallrye.reactive.messaging.nats.vertx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.reactive.messaging.nats.impl.MessageContexts;
import io.smallrye.reactive.messaging.providers.connectors.ExecutionHolder;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import io.vertx.core.Context;
import io.vertx.core.impl.VertxInternal;

/**
 * Gives each incoming message a duplicated Vert.x context, as SmallRye's own connectors do: SmallRye then hands the
 * message to the method on that context, so reactive clients (Vert.x, Hibernate Reactive, reactive REST and SQL
 * clients) work in any method signature, and what one message puts in its context does not leak to the next. All the
 * duplicates of a channel share one event-loop context, so its messages stay in order. Where SmallRye or Vert.x is
 * absent (Helidon MP, Open Liberty), this bean cannot load, the container skips it, and messages carry no context.
 */
@ApplicationScoped
public class VertxMessageContexts implements MessageContexts.Factory {

    @Inject
    ExecutionHolder execution;

    @Override
    public MessageContexts create() {
        Context channelContext = ((VertxInternal) execution.vertx().getDelegate()).createEventLoopContext();
        return () -> new LocalContextMetadata(VertxContext.createNewDuplicatedContext(channelContext));
    }
}
