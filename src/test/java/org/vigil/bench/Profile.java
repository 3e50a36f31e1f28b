package org.vigil.bench;

import java.util.SplittableRandom;

/**
 * How an agent checks in, as the benchmark replays it. Every agent starts at a random
 * time in the first hour, lives 30 days and dies at a random time of its 31st day: its
 * last check-in is the last one before then. Jitter "±x" is uniform.
 */
enum Profile {

	EVERY_5_MIN("every 5 min ±10 s", Target.STEADY) {
		@Override
		void checkIns(SplittableRandom random, Trace trace, long start, long death) {
			every(random, trace, start, death, 5 * MINUTE, 10 * SECOND);
		}
	},

	EVERY_30_MIN("every 30 min ±1 min", Target.STEADY) {
		@Override
		void checkIns(SplittableRandom random, Trace trace, long start, long death) {
			every(random, trace, start, death, 30 * MINUTE, MINUTE);
		}
	},

	MIXED("5-min and 30-min callers on one status", Target.STEADY) {
		@Override
		void checkIns(SplittableRandom random, Trace trace, long start, long death) {
			every(random, trace, start, death, 5 * MINUTE, 10 * SECOND);
			every(random, trace, start + random.nextLong(30 * MINUTE), death, 30 * MINUTE, MINUTE);
			trace.sort();
		}
	},

	DAILY_PAUSE("every 30 s ±1 s, a 2-min pause once a day", Target.PAUSE) {
		@Override
		void checkIns(SplittableRandom random, Trace trace, long start, long death) {
			int day = 0;
			long pause = start + random.nextLong(DAY);
			for (long t = start; t < death;) {
				trace.add(t);
				long next = t + 30 * SECOND + jitter(random, SECOND);
				if (next > pause) {
					next += PAUSE;
					day++;
					pause = start + day * DAY + random.nextLong(DAY);
				}
				t = next;
			}
		}
	},

	CADENCE_CHANGE("5 min ±10 s, then 30 min ±1 min from day 10", Target.CHANGE) {
		@Override
		void checkIns(SplittableRandom random, Trace trace, long start, long death) {
			long change = start + 10 * DAY + random.nextLong(DAY);
			trace.changeAt(change);
			for (long t = start; t < death;) {
				trace.add(t);
				t += (t < change) ? 5 * MINUTE + jitter(random, 10 * SECOND) : 30 * MINUTE + jitter(random, MINUTE);
			}
		}
	},

	HEAVY_TAIL("log-normal intervals, median 5 min, σ of the log 0.5", Target.NONE) {
		@Override
		void checkIns(SplittableRandom random, Trace trace, long start, long death) {
			for (long t = start; t < death;) {
				trace.add(t);
				t += Math.round(5 * MINUTE * Math.exp(0.5 * random.nextGaussian()));
			}
		}
	},

	/**
	 * waldur-site-agent in {@code event_process} mode, its "Order processing" status as
	 * Waldur stamps it: a tick loop that sleeps 60 s after its work, sends the health
	 * check (an orders list of the offering) when 30 minutes have passed since the last
	 * one, and once an hour, in the same tick, the order reconciliation, whose first call
	 * is again an orders list of the offering.
	 */
	SITE_AGENT_EVENT_PROCESS("waldur-site-agent event_process: Order processing", Target.NONE) {
		@Override
		void checkIns(SplittableRandom random, Trace trace, long start, long death) {
			long lastHealthCheck = Long.MIN_VALUE / 2;
			long lastReconciliation = Long.MIN_VALUE / 2;
			for (long now = start; now < death;) {
				// Each call reaches Waldur (which stamps it) 20 to 200 ms after it is
				// sent and
				// returns later; the next call is sent once it has returned.
				long work = 2;
				if (now - lastHealthCheck >= 30 * MINUTE) {
					work += between(random, 20, 200);
					stamp(trace, now + work, death);
					work += between(random, 100, 1000);
					lastHealthCheck = now;
				}
				if (now - lastReconciliation >= 60 * MINUTE) {
					work += between(random, 20, 200);
					stamp(trace, now + work, death);
					work += between(random, 2 * SECOND, 20 * SECOND);
					lastReconciliation = now;
				}
				now += work + MINUTE;
			}
		}
	};

	static final long SECOND = 1000;

	static final long MINUTE = 60 * SECOND;

	static final long HOUR = 60 * MINUTE;

	static final long DAY = 24 * HOUR;

	/** How long every agent lives before the day it dies in. */
	static final long LIFE = 30 * DAY;

	/** The daily pause of {@link #DAILY_PAUSE}, on top of its interval. */
	static final long PAUSE = 2 * MINUTE;

	/** Which of the learned rule's targets apply. */
	enum Target {

		/** No false disconnection; p95 delay at most 2 × mean interval + sweep. */
		STEADY,

		/** At most relearn-after false disconnections after the change, none later. */
		CHANGE,

		/** At most 1 per 1,000 agent-days with acceptable-pause PT3M. */
		PAUSE,

		/** Shown, not judged. */
		NONE

	}

	private final String label;

	private final Target target;

	Profile(String label, Target target) {
		this.label = label;
		this.target = target;
	}

	String label() {
		return this.label;
	}

	Target target() {
		return this.target;
	}

	/** One agent: its check-ins from birth to death, its change and its poll phase. */
	void generate(SplittableRandom random, Trace trace) {
		trace.clear();
		trace.pollPhase(random.nextDouble());
		long start = random.nextLong(HOUR);
		long death = start + LIFE + random.nextLong(DAY);
		checkIns(random, trace, start, death);
	}

	abstract void checkIns(SplittableRandom random, Trace trace, long start, long death);

	static void every(SplittableRandom random, Trace trace, long start, long death, long period, long jitter) {
		for (long t = start; t < death; t += period + jitter(random, jitter)) {
			trace.add(t);
		}
	}

	static long jitter(SplittableRandom random, long plusMinus) {
		return random.nextLong(-plusMinus, plusMinus + 1);
	}

	static long between(SplittableRandom random, long from, long to) {
		return random.nextLong(from, to + 1);
	}

	private static void stamp(Trace trace, long time, long death) {
		if (time < death) {
			trace.add(time);
		}
	}

}
