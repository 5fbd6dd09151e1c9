package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.Map;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigProviderResolver;

/** A Weld SE application with the connector, the given beans and an in-memory configuration. */
final class Application implements AutoCloseable {

    private final SmallRyeConfig config;
    private final SeContainer container;

    Application(Map<String, String> properties, Class<?>... beans) {
        config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "benchmark", 500)).build();
        SmallRyeConfigProviderResolver.instance().registerConfig(config, Thread.currentThread().getContextClassLoader());
        container = SeContainerInitializer.newInstance().addBeanClasses(beans).initialize();
    }

    <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    @Override
    public void close() {
        container.close();
        ConfigProviderResolver.instance().releaseConfig(config);
    }
}
