package io.smallrye.reactive.messaging.nats.json;

import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import io.smallrye.reactive.messaging.nats.NatsJsonCodec;

/**
 * Finds the JSON mapper the application already has, with no extra module: a {@link NatsJsonCodec} bean of its own,
 * else SmallRye's {@code JsonMapping} (Jackson or JSON-B module), else the runtime's Jackson {@code ObjectMapper}
 * bean (Quarkus has one), else a JSON-B {@code Jsonb} bean. The types are looked up by name, so none of these
 * libraries is needed to load the connector, and no bean names them in its members (Open Liberty warns otherwise).
 */
public final class RuntimeJson {

    private RuntimeJson() {
    }

    /** The codec to use, or null when the application has no JSON mapper. */
    public static NatsJsonCodec find(Instance<NatsJsonCodec> own, BeanManager beans) {
        if (own.isResolvable()) {
            return own.get();
        }
        // Lambdas, not constructor references: an adapter class is loaded only once its library was found.
        return bean(beans, "io.smallrye.reactive.messaging.json.JsonMapping", mapping -> new JsonMappingJson(mapping))
                .or(() -> bean(beans, "com.fasterxml.jackson.databind.ObjectMapper", mapper -> new JacksonJson(mapper)))
                .or(() -> bean(beans, "jakarta.json.bind.Jsonb", jsonb -> new JsonbJson(jsonb)))
                .orElse(null);
    }

    private static Optional<NatsJsonCodec> bean(BeanManager beans, String typeName, Function<Object, NatsJsonCodec> codec) {
        Class<?> type;
        try {
            ClassLoader application = Thread.currentThread().getContextClassLoader();
            type = Class.forName(typeName, false, application == null ? RuntimeJson.class.getClassLoader() : application);
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
        Bean<?> bean = beans.resolve(beans.getBeans(type));
        if (bean == null) {
            return Optional.empty();
        }
        return Optional.of(codec.apply(beans.getReference(bean, type, beans.createCreationalContext(bean))));
    }
}
