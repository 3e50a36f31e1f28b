package org.vigil.events;

import static org.vigil.db.Tables.STATUS_EVENT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Where a client of the stream is: every event with an id up to {@code last} has been
 * sent, except those with an id in {@code pending}, which were missing when {@code last}
 * was read.
 *
 * Why not the last id alone: identity values are taken when a row is inserted, but rows
 * become visible when their transaction commits, and concurrent transactions commit in
 * any order. A reader that has seen id 101 may not yet see id 100, which commits a moment
 * later; resuming after 101 would skip it for ever. So the ids missing below the newest
 * one read stay pending, looked for again on every poll until they appear or
 * {@code vigil.stream.pending-for} passes (a rolled-back insert leaves a hole that never
 * fills). The cursor carries them, so a client that resumes, on any instance, still gets
 * the late ones, and exactly the events it missed.
 *
 * On the wire ({@code id:} and {@code Last-Event-ID}): {@code last} then the pending ids
 * as ranges, comma-separated: {@code 1042} or {@code 1042,1037-1039,1041}.
 */
record Cursor(long last, NavigableSet<Long> pending) {

	/** Ranges a cursor may carry; an older hole is given up for the newer ones. */
	static final int MAX_RANGES = 20;

	/** Ids one cursor may leave pending in all. */
	static final int MAX_PENDING = 10_000;

	static Cursor at(long last) {
		return new Cursor(last, new TreeSet<>());
	}

	/** Unknown or malformed text is empty: the caller answers 400. */
	static Optional<Cursor> parse(String text) {
		String[] parts = text.strip().split(",", -1);
		if (parts.length > MAX_RANGES + 1 || !parts[0].matches("\\d{1,18}")) {
			return Optional.empty();
		}
		long last = Long.parseLong(parts[0]);
		TreeSet<Long> pending = new TreeSet<>();
		for (int i = 1; i < parts.length; i++) {
			String[] bounds = parts[i].split("-", -1);
			if (bounds.length > 2 || !bounds[0].matches("\\d{1,18}")
					|| (bounds.length == 2 && !bounds[1].matches("\\d{1,18}"))) {
				return Optional.empty();
			}
			long from = Long.parseLong(bounds[0]);
			long to = (bounds.length == 2) ? Long.parseLong(bounds[1]) : from;
			if (to < from || to >= last || to - from >= MAX_PENDING - pending.size()) {
				return Optional.empty();
			}
			for (long id = from; id <= to; id++) {
				pending.add(id);
			}
		}
		return Optional.of(new Cursor(last, pending));
	}

	/** The events after this cursor. */
	Condition after() {
		List<Condition> conditions = new ArrayList<>();
		conditions.add(STATUS_EVENT.ID.gt(this.last));
		ranges(Integer.MAX_VALUE).forEach((r) -> conditions.add(STATUS_EVENT.ID.between(r[0], r[1])));
		return DSL.or(conditions);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder(Long.toString(this.last));
		for (long[] range : ranges(MAX_RANGES)) {
			text.append(',').append(range[0]);
			if (range[1] != range[0]) {
				text.append('-').append(range[1]);
			}
		}
		return text.toString();
	}

	/** The pending ids as ranges, the newest {@code limit} of them. */
	private List<long[]> ranges(int limit) {
		List<long[]> ranges = new ArrayList<>();
		for (long id : this.pending.descendingSet()) {
			long[] current = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
			if (current != null && current[0] == id + 1) {
				current[0] = id;
			}
			else if (ranges.size() < limit) {
				ranges.add(new long[] { id, id });
			}
			else {
				break;
			}
		}
		Collections.reverse(ranges);
		return ranges;
	}

}
