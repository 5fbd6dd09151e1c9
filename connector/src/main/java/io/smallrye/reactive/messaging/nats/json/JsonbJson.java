package io.smallrye.reactive.messaging.nats.json;

import jakarta.json.bind.Jsonb;

import io.smallrye.reactive.messaging.nats.NatsJsonCodec;

/** JSON through the application's JSON-B {@link Jsonb}. */
final class JsonbJson implements NatsJsonCodec {

    private final Jsonb jsonb;

    JsonbJson(Object jsonb) {
        this.jsonb = (Jsonb) jsonb;
    }

    @Override
    public String toJson(Object value) {
        return jsonb.toJson(value);
    }

    @Override
    public <T> T fromJson(String json, Class<T> type) {
        return jsonb.fromJson(json, type);
    }
}
