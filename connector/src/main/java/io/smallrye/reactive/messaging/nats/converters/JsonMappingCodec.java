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
        requireMapping();
        return mapping.get().toJson(value);
    }

    @Override
    public <T> T fromJson(String json, Class<T> type) {
        requireMapping();
        return mapping.get().fromJson(json, type);
    }

    /** Not a getter of JsonMapping: no member may name it, or Open Liberty warns about this bean where it is absent. */
    private void requireMapping() {
        if (!mapping.isResolvable()) {
            throw new IllegalStateException("no JsonMapping bean: add smallrye-reactive-messaging-jackson or -jsonb");
        }
    }
}
