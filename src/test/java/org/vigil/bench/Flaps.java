package org.vigil.bench;

/**
 * Counts a rule's false disconnections over one trace, as a {@link Verdict} reports them.
 */
final class Flaps {

	private final long changeAt;

	private int all;

	private int afterChange;

	private long lastAfterChange = -1;

	Flaps(Trace trace) {
		this.changeAt = trace.changeAt();
	}

	/** The rule declared the agent Disconnected at this time, and it checked in later. */
	void declaredAt(long time) {
		this.all++;
		if (time >= this.changeAt) {
			this.afterChange++;
			this.lastAfterChange = time - this.changeAt;
		}
	}

	Verdict dead(long detectionDelay) {
		return new Verdict(this.all, this.afterChange, this.lastAfterChange, detectionDelay);
	}

}
