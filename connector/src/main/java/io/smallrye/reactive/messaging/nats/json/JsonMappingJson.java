package io.smallrye.reactive.messaging.nats.json;

import io.smallrye.reactive.messaging.json.JsonMapping;
import io.smallrye.reactive.messaging.nats.NatsJsonCodec;

/** JSON through SmallRye's {@link JsonMapping} (its Jackson or JSON-B module). */
final class JsonMappingJson implements NatsJsonCodec {

    private final JsonMapping mapping;

    JsonMappingJson(Object mapping) {
        this.mapping = (JsonMapping) mapping;
    }

    @Override
    public String toJson(Object value) {
        return mapping.toJson(value);
    }

    @Override
    public <T> T fromJson(String json, Class<T> type) {
        return mapping.fromJson(json, type);
    }
}
