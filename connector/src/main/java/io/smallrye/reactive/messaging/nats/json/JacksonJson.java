package io.smallrye.reactive.messaging.nats.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.nats.NatsJsonCodec;

/** JSON through the application's Jackson {@link ObjectMapper}, with its modules and settings. */
final class JacksonJson implements NatsJsonCodec {

    private final ObjectMapper mapper;

    JacksonJson(Object mapper) {
        this.mapper = (ObjectMapper) mapper;
    }

    @Override
    public String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T fromJson(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
