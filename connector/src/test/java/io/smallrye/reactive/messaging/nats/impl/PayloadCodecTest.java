package io.smallrye.reactive.messaging.nats.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PayloadCodecTest {

    private final PayloadCodec withoutJson = new PayloadCodec(null);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void textAndPrimitivesRoundTrip() {
        assertEquals("héllo", withoutJson.decode(withoutJson.encode("héllo").data(), String.class));
        assertEquals(42, withoutJson.decode(withoutJson.encode(42).data(), int.class));
        assertEquals(-7L, withoutJson.decode(utf8(" -7\n"), Long.class));
        assertEquals(true, withoutJson.decode(utf8("TRUE"), boolean.class));
        assertEquals(2.5d, withoutJson.decode(utf8("2.5"), double.class));
        assertEquals('x', withoutJson.decode(utf8("x"), char.class));
        assertNull(withoutJson.encode("text").contentType());
    }

    @Test
    void bytesPassThrough() {
        byte[] raw = { 0, 1, (byte) 255 };
        assertArrayEquals(raw, withoutJson.encode(raw).data());
        assertArrayEquals(raw, (byte[]) withoutJson.decode(raw, byte[].class));
        assertFalse(withoutJson.canDecode(byte[].class));
    }

    @Test
    void malformedValuesFailWithTheReason() {
        assertThrows(NumberFormatException.class, () -> withoutJson.decode(utf8("abc"), int.class));
        IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class,
                () -> withoutJson.decode(utf8("yes"), Boolean.class));
        assertTrue(notBoolean.getMessage().contains("neither true nor false"));
    }

    @Test
    void pojosNeedAJsonCodec() {
        record Task(String id) {
        }
        assertFalse(withoutJson.canDecode(Task.class));
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> withoutJson.encode(new Task("1")));
        assertTrue(failure.getMessage().contains("JSON"));
    }
}
