package io.smallrye.reactive.messaging.nats.converters;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.smallrye.reactive.messaging.json.JsonMapping;
import io.smallrye.reactive.messaging.nats.NatsJsonCodec;

/** The JSON codec on SmallRye: delegates to its {@link JsonMapping} (Jackson or JSON-B module) when one is present. */
@ApplicationScoped
public class JsonMappingCodec implements NatsJsonCodec {

    @Inject
    Instance<JsonMapping> mapping;

    @Override
    public String toJson(Object value) {
        return mapping().toJson(value);
    }

    @Override
    public <T> T fromJson(String json, Class<T> type) {
        return mapping().fromJson(json, type);
    }

    private JsonMapping mapping() {
        if (!mapping.isResolvable()) {
            throw new IllegalStateException("no JsonMapping bean: add smallrye-reactive-messaging-jackson or -jsonb");
        }
        return mapping.get();
    }
}
