package org.vigil.status.rhythm;

/**
 * What a check-in tells of the interval it ends, beside its length: whether it came after
 * the deadline then in force (the agent was silent past its deadline: an outage, or a new
 * rhythm), and whether it spans a time when no Vigil instance was watching.
 */
public enum Interval {

	/** Ended before the deadline in force, with Vigil watching throughout. */
	ON_TIME,

	/** Ended after the deadline in force (the status may have been Disconnected). */
	PAST_DEADLINE,

	/** Began before Vigil's own last downtime ended: says nothing about the agent. */
	SPANS_DOWNTIME;

	public static Interval of(boolean pastDeadline, boolean spansDowntime) {
		return spansDowntime ? SPANS_DOWNTIME : pastDeadline ? PAST_DEADLINE : ON_TIME;
	}

}
