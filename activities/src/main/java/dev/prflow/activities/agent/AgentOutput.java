package dev.prflow.activities.agent;

/** What an agent said about its work: a one-line summary and the tail of its log. */
public record AgentOutput(String summary, String logTail) {}
