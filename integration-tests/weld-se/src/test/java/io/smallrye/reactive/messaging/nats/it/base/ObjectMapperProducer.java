package io.smallrye.reactive.messaging.nats.it.base;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;

/** SmallRye's Jackson module expects the application to provide its ObjectMapper, as Quarkus does. */
@ApplicationScoped
public class ObjectMapperProducer {

    @Produces
    @jakarta.inject.Singleton // ObjectMapper has final methods: it cannot sit behind a client proxy
    ObjectMapper objectMapper() {
        return new ObjectMapper().findAndRegisterModules();
    }
}
