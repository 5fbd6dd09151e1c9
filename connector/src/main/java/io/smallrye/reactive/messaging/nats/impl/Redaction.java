package io.smallrye.reactive.messaging.nats.impl;

import java.util.regex.Pattern;

/** Keeps credentials out of logs, health texts and exception messages. */
public final class Redaction {

    /** The user info of a URL ({@code nats://user:password@host}, {@code nats://token@host}). */
    private static final Pattern USER_INFO = Pattern.compile("://[^/@\\s,\\]]*@");

    private Redaction() {
    }

    /** The text with the user info of every URL in it, which may hold a password or a token, replaced by ***. */
    public static String credentials(String text) {
        return USER_INFO.matcher(text).replaceAll("://***@");
    }

    /** The exception itself when its message holds no credential, else one with the redacted message. */
    public static Exception credentials(Exception e) {
        String message = String.valueOf(e.getMessage());
        String clean = credentials(message);
        return clean.equals(message) ? e : new IllegalStateException(e.getClass().getSimpleName() + ": " + clean);
    }
}
