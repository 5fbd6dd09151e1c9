package io.smallrye.reactive.messaging.nats.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void redactsUserInfoFromUrls() {
        assertEquals("nats://***@host:4222", Redaction.credentials("nats://user:secret@host:4222"));
        assertEquals("tls://***@host", Redaction.credentials("tls://token@host"));
        assertEquals("nats://host:4222", Redaction.credentials("nats://host:4222"));
        assertEquals("[nats://***@a:4222, nats://b:4222]", Redaction.credentials("[nats://u:p@a:4222, nats://b:4222]"));
        assertEquals("Connection refused: nats://***@a:1", Redaction.credentials("Connection refused: nats://t@a:1"));
    }
}
