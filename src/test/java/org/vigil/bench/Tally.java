package org.vigil.bench;

import java.util.Arrays;

/**
 * One rule's verdicts over a fleet, one slot per agent (so that agents judged in parallel
 * add up the same in any order), and what the report shows of them.
 */
final class Tally {

	private final int[] falseDisconnections;

	private final int[] falseAfterChange;

	private final long[] lastFalseAfterChange;

	private final long[] delays;

	Tally(int agents) {
		this.falseDisconnections = new int[agents];
		this.falseAfterChange = new int[agents];
		this.lastFalseAfterChange = new long[agents];
		this.delays = new long[agents];
	}

	void record(int agent, Verdict verdict) {
		this.falseDisconnections[agent] = verdict.falseDisconnections();
		this.falseAfterChange[agent] = verdict.falseAfterChange();
		this.lastFalseAfterChange[agent] = verdict.lastFalseAfterChange();
		this.delays[agent] = verdict.detectionDelay();
	}

	long falseDisconnections() {
		return Arrays.stream(this.falseDisconnections).asLongStream().sum();
	}

	/** False disconnections per 1,000 agent-days alive. */
	double perThousandAgentDays(double agentDays) {
		return 1000 * falseDisconnections() / agentDays;
	}

	/** The most false disconnections one agent had after its cadence changed. */
	int mostAfterChange() {
		return Arrays.stream(this.falseAfterChange).max().orElse(0);
	}

	/**
	 * The latest false disconnection after a change, in milliseconds after it; -1 if
	 * none.
	 */
	long latestAfterChange() {
		return Arrays.stream(this.lastFalseAfterChange).max().orElse(-1);
	}

	/** The detection delay at this quantile (nearest rank), in milliseconds. */
	long delayAt(double quantile) {
		long[] sorted = this.delays.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

}
