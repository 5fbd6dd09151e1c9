package io.smallrye.reactive.messaging.nats.vertx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.smallrye.reactive.messaging.nats.impl.MessageContexts;
import io.smallrye.reactive.messaging.providers.connectors.ExecutionHolder;

/**
 * Gives the messages of each incoming channel a Vert.x context where the runtime has SmallRye and Vert.x. Where they
 * are absent (Helidon MP, Open Liberty), this bean cannot load, the container skips it, and messages carry no
 * context. No Vert.x type appears in its members, so that runtimes scanning them (Open Liberty) need not load one.
 */
@ApplicationScoped
public class VertxMessageContexts implements MessageContexts.Factory {

    @Inject
    Instance<ExecutionHolder> execution;

    @Override
    public MessageContexts create() {
        return execution.isResolvable() ? new ChannelContexts(execution.get().vertx().getDelegate()) : MessageContexts.NONE;
    }
}
