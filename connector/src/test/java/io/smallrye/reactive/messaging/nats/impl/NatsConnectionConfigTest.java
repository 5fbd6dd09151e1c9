package io.smallrye.reactive.messaging.nats.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NatsConnectionConfigTest {

    @Test
    void redactsUserInfoFromUrls() {
        assertEquals("nats://***@host:4222", NatsConnectionConfig.redact("nats://user:secret@host:4222"));
        assertEquals("tls://***@host", NatsConnectionConfig.redact("tls://token@host"));
        assertEquals("nats://host:4222", NatsConnectionConfig.redact("nats://host:4222"));
    }
}
