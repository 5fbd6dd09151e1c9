package io.smallrye.nats.examples.review;

/** The readable account of what the agents did. */
final class Transcript {

    private Transcript() {
    }

    static synchronized void say(String agent, String text) {
        System.out.printf("[%-9s] %s%n", agent, text);
    }
}
