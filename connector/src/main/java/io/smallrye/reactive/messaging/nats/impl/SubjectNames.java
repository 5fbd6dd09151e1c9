package io.smallrye.reactive.messaging.nats.impl;

import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/** Checks subjects and queue names from configuration, so a typo fails deployment rather than the first message. */
public final class SubjectNames {

    private SubjectNames() {
    }

    /**
     * @param wildcards whether {@code *} and a trailing {@code >} are allowed (subscriptions), or not (publishing)
     */
    public static void validate(String channel, String attribute, String subject, boolean wildcards) {
        String reason = check(subject, wildcards);
        if (reason != null) {
            throw NatsExceptions.ex.invalidAttribute(attribute, channel, "'" + subject + "' " + reason);
        }
    }

    /** A subject chosen per message (metadata) follows the rules of the attribute; the message is nacked otherwise. */
    public static String publishable(String channel, String source, String subject) {
        String reason = check(subject, false);
        if (reason != null) {
            throw NatsExceptions.ex.unpublishableSubject(channel, subject, source, reason);
        }
        return subject;
    }

    static String check(String subject, boolean wildcards) {
        if (subject.isBlank()) {
            return "is empty";
        }
        if (subject.chars().anyMatch(Character::isWhitespace)) {
            return "contains white space";
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.isEmpty()) {
                return "has an empty token (leading, trailing or double dot)";
            }
            boolean wildcard = token.equals("*") || token.equals(">");
            if (wildcard && !wildcards) {
                return "contains a wildcard, which cannot be published to";
            }
            if (token.equals(">") && i != tokens.length - 1) {
                return "has '>' before its last token";
            }
            if (!wildcard && (token.contains("*") || token.contains(">"))) {
                return "mixes a wildcard with other characters in token '" + token + "'";
            }
        }
        return null;
    }
}
