package dev.prflow.activities.store;

/** The result of an insert: the task, and whether this call created it. */
public record InsertedTask(TaskRow task, boolean created) {}
