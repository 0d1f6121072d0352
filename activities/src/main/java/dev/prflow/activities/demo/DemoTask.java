package dev.prflow.activities.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A bundled demo task: its REST body (without repository) and the status it is designed to end in.
 */
public record DemoTask(String key, String expectedStatus, ObjectNode body) {}
