package org.vigil.bench;

/**
 * What one rule made of one agent's trace: how many times it declared the agent
 * Disconnected while it was alive (each flap once), how many of those came at or after
 * the agent's cadence change and the latest of them (milliseconds after the change, -1 if
 * none), and how long after its death (its last check-in) the rule declared it
 * Disconnected.
 */
record Verdict(int falseDisconnections, int falseAfterChange, long lastFalseAfterChange, long detectionDelay) {

}
