package io.smallrye.reactive.messaging.nats.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one JetStream-enabled server for every test class of the run, injected as a {@link NatsServer}
 * parameter and killed when the run ends. Tests that stop or restart a server start their own instead.
 */
public class SharedNatsServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NatsServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedNatsServer.class, key -> new Resource(NatsServer.builder().jetStream()
                        .monitoring().start()), Resource.class).server;
    }

    /** Closes the server when the root context closes. */
    private record Resource(NatsServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
