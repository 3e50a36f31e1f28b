package org.vigil.bench;

import java.util.Arrays;

/**
 * One simulated agent's check-in times in milliseconds, ascending: its first check-in is
 * its birth, its last one its death (it makes no other). Beside them, when its cadence
 * changed (if its profile changes one) and where, as a fraction of the poll interval, the
 * mirror's polls fall for it. A buffer reused from agent to agent.
 */
final class Trace {

	/** No cadence change. */
	static final long NEVER = Long.MAX_VALUE;

	private long[] times;

	private int size;

	private long changeAt = NEVER;

	private double pollPhase;

	Trace() {
		this(1024);
	}

	Trace(int capacity) {
		this.times = new long[capacity];
	}

	/** A trace of exactly these times, for tests. */
	static Trace of(long... times) {
		Trace trace = new Trace(Math.max(1, times.length));
		for (long time : times) {
			trace.add(time);
		}
		return trace;
	}

	void clear() {
		this.size = 0;
		this.changeAt = NEVER;
		this.pollPhase = 0;
	}

	void add(long time) {
		if (this.size == this.times.length) {
			this.times = Arrays.copyOf(this.times, this.size * 2);
		}
		this.times[this.size++] = time;
	}

	/** Sorts the times, for profiles that merge callers. */
	void sort() {
		Arrays.sort(this.times, 0, this.size);
	}

	int size() {
		return this.size;
	}

	long at(int index) {
		return this.times[index];
	}

	long first() {
		return this.times[0];
	}

	/** The last check-in made: the agent's death. */
	long last() {
		return this.times[this.size - 1];
	}

	long changeAt() {
		return this.changeAt;
	}

	Trace changeAt(long time) {
		this.changeAt = time;
		return this;
	}

	double pollPhase() {
		return this.pollPhase;
	}

	Trace pollPhase(double fraction) {
		this.pollPhase = fraction;
		return this;
	}

}
