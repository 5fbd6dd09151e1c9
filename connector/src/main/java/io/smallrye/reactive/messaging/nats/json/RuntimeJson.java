package io.smallrye.reactive.messaging.nats.json;

import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import io.smallrye.reactive.messaging.nats.NatsJsonCodec;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;

/**
 * Finds the JSON mapper the application already has, with no extra module: a {@link NatsJsonCodec} bean of its own,
 * else SmallRye's {@code JsonMapping} (Jackson or JSON-B module), else the runtime's Jackson {@code ObjectMapper}
 * bean (Quarkus has one), else a JSON-B {@code Jsonb} bean. The types are looked up by name, so none of these
 * libraries is needed to load the connector, and no bean names them in its members (Open Liberty warns otherwise).
 */
@ApplicationScoped
public class RuntimeJson {

    @Inject
    @Any
    Instance<NatsJsonCodec> own;

    @Inject
    BeanManager beans;

    private volatile PayloadCodec codec;

    /** The payload codec of the connector, with the application's JSON mapper; looked up once, when first needed. */
    public PayloadCodec codec() {
        PayloadCodec current = codec;
        if (current == null) {
            current = new PayloadCodec(find());
            codec = current;
        }
        return current;
    }

    /** The codec to use, or null when the application has no JSON mapper. */
    private NatsJsonCodec find() {
        if (own.isResolvable()) {
            return own.get();
        }
        // Lambdas, not constructor references: an adapter class is loaded only once its library was found.
        return bean("io.smallrye.reactive.messaging.json.JsonMapping", mapping -> new JsonMappingJson(mapping))
                .or(() -> bean("com.fasterxml.jackson.databind.ObjectMapper", mapper -> new JacksonJson(mapper)))
                .or(() -> bean("jakarta.json.bind.Jsonb", jsonb -> new JsonbJson(jsonb)))
                .orElse(null);
    }

    private Optional<NatsJsonCodec> bean(String typeName, Function<Object, NatsJsonCodec> codec) {
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
