package io.smallrye.reactive.messaging.nats.impl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SubjectNamesTest {

    @Test
    void validSubjects() {
        assertNull(SubjectNames.check("agents.tasks", false));
        assertNull(SubjectNames.check("agents.*.tasks", true));
        assertNull(SubjectNames.check("agents.>", true));
        assertNull(SubjectNames.check(">", true));
    }

    @Test
    void invalidSubjects() {
        assertNotNull(SubjectNames.check("", true));
        assertNotNull(SubjectNames.check("agents..tasks", true));
        assertNotNull(SubjectNames.check(".agents", true));
        assertNotNull(SubjectNames.check("agents.", true));
        assertNotNull(SubjectNames.check("agents tasks", true));
        assertNotNull(SubjectNames.check("agents.>.tasks", true));
        assertNotNull(SubjectNames.check("agents.t*", true));
        assertNotNull(SubjectNames.check("agents.*", false));
    }
}
