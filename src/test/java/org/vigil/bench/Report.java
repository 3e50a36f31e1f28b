package org.vigil.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.vigil.bench.LivenessReplay.Judge;
import org.vigil.bench.LivenessReplay.Replay;
import org.vigil.status.rhythm.Learning;

/** The Markdown section bench/liveness.sh writes into docs/benchmarks.md. */
final class Report {

	static final String HEADING = "## Learned liveness: fleets replayed in simulated time";

	private Report() {
	}

	static String section(List<Replay> replays, int agents, long seed, Duration took, Instant when) {
		Learning d = Learning.DEFAULTS;
		StringBuilder s = new StringBuilder();
		s.append(HEADING).append("\n\n");
		s.append("Reproduce with `bench/liveness.sh` (no server, no database; written by it, analysed in the next\n")
			.append("section). Each profile is a fleet of ")
			.append(String.format(Locale.ROOT, "%,d", agents))
			.append(" agents replayed in simulated time through the production deadline\n")
			.append("code (`org.vigil.status.rhythm.PhiAccrual`). Every agent starts in the first hour, lives 30 days\n")
			.append("and dies at a random time of its 31st day; the detection delay counts from its death (its last\n")
			.append("check-in) to when the rule declares it Disconnected. A false disconnection is a Disconnected\n")
			.append("declared while the agent checks in again later (each flap once), per 1,000 agent-days alive.\n\n");
		s.append(String.format(Locale.ROOT, "- run: %s, seed %d, %d s on %d cores (shared), %s%n", when, seed,
				took.toSeconds(), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
		s.append("- **Waldur**: a check on the hour disconnects every status whose last request is more than an\n")
			.append("  hour old; the next request makes it Active again.\n");
		s.append("- **configured, direct**: the default timeout `PT1H` (no per-type timeout), learning off; the\n")
			.append("  sweeper every 1 s, with its 0.5 s settle margin.\n");
		s.append("- **configured, mirror**: a poll every 60 s (every one succeeds), the Order processing timeout\n")
			.append("  `PT45M` (the mirror's default for Order and Event processing), learning off; silence is judged\n")
			.append("  only at a poll, which sees only the newest upstream request time.\n");
		s.append(String.format(Locale.ROOT,
				"- **learned**: `vigil.liveness.learning.*` at the defaults (threshold %s, window %d, min-samples %d,%n"
						+ "  min-deviation %s, relearn-after %d, acceptable-pause %s unless said), the configured timeout above as%n"
						+ "  the cold start. Direct: every check-in learned, `PAST_DEADLINE` when it came after the deadline%n"
						+ "  in force. Mirror: the intervals between advances of the upstream time seen at polls, each at%n"
						+ "  least the poll interval.%n%n",
				trim(d.threshold()), d.window(), d.minSamples(), trim(d.minDeviation()), d.relearnAfter(),
				d.acceptablePause()));
		s.append(
				"| profile | mean interval | rule | false disconnections / 1,000 agent-days | delay p50 | delay p95 | learned's targets |\n");
		s.append("|---|---|---|---|---|---|---|\n");
		for (Replay replay : replays) {
			for (int j = 0; j < replay.judges().size(); j++) {
				Judge judge = replay.judges().get(j);
				Tally tally = replay.tallies().get(j);
				boolean first = j == 0;
				s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n",
						first ? replay.profile().label() : "", first ? duration(replay.meanInterval()) : "",
						judge.label(), rate(tally.perThousandAgentDays(replay.agentDays())),
						duration(tally.delayAt(0.5)), duration(tally.delayAt(0.95)), target(replay, judge, tally)));
			}
		}
		return s.toString();
	}

	/**
	 * The learned rule's targets for this profile, met or by how much they are missed.
	 */
	static String target(Replay replay, Judge judge, Tally tally) {
		if (!judge.learned()) {
			return "";
		}
		double rate = tally.perThousandAgentDays(replay.agentDays());
		// The mirror sees no interval shorter than its poll, and judges only at a poll.
		long every = judge.judgedEvery().toMillis();
		long bound = Math.round(2 * Math.max(replay.meanInterval(), every)) + every + judge.pause().toMillis();
		long p95 = tally.delayAt(0.95);
		String delay = "p95 ≤ " + duration(bound) + ": " + ((p95 <= bound) ? "met" : "**missed**");
		return switch (replay.profile().target()) {
			case STEADY -> "0 false: " + ((tally.falseDisconnections() == 0) ? "met" : "**missed**") + "; " + delay;
			case CHANGE -> {
				int most = tally.mostAfterChange();
				long latest = tally.latestAfterChange();
				boolean met = most <= Learning.DEFAULTS.relearnAfter()
						&& latest <= LivenessReplay.RELEARNED_WITHIN.toMillis();
				yield "after the change at most " + most + " per agent, the last "
						+ ((latest < 0) ? "-" : duration(latest)) + " after it (≤ 3, then none): "
						+ (met ? "met" : "**missed**");
			}
			case PAUSE -> judge.pause().isZero() ? "the trade-off at the defaults"
					: "≤ 1 false: " + ((rate <= 1) ? "met" : "**missed**") + "; " + delay;
			case NONE -> "not a target";
		};
	}

	static String rate(double rate) {
		return (rate == 0) ? "0" : String.format(Locale.ROOT, (rate < 10) ? "%.2f" : "%.0f", rate);
	}

	/** Milliseconds as seconds, minutes or hours. */
	static String duration(double millis) {
		double seconds = millis / 1000;
		if (seconds < 120) {
			return String.format(Locale.ROOT, "%.1f s", seconds);
		}
		if (seconds < 2 * 3600) {
			return String.format(Locale.ROOT, "%.1f min", seconds / 60);
		}
		return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
	}

	private static String trim(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

}
