package org.vigil.events;

import java.time.Instant;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A reader's place in the events, moved on by each event read in id order: the newest id
 * read, and the ids below it not seen yet, with when they were first missed (see
 * {@link Cursor}). Not thread-safe.
 */
final class Position {

	private long last;

	private final TreeMap<Long, Instant> pending = new TreeMap<>();

	Position(Cursor cursor, Instant now) {
		this.last = cursor.last();
		cursor.pending().forEach((id) -> this.pending.put(id, now));
	}

	/** An event read: a newer one leaves the ids it skipped pending. */
	void read(long id, Instant now) {
		if (id > this.last) {
			// A jump too wide to be transactions still open (ids taken by rolled-back
			// inserts, a sequence moved on) is not waited for.
			if (id - this.last - 1 + this.pending.size() <= Cursor.MAX_PENDING) {
				for (long missing = this.last + 1; missing < id; missing++) {
					this.pending.put(missing, now);
				}
			}
			this.last = id;
		}
		else {
			this.pending.remove(id);
		}
	}

	/** Holes missed since before this are given up: their inserts were rolled back. */
	void giveUpBefore(Instant time) {
		this.pending.values().removeIf((since) -> since.isBefore(time));
	}

	Cursor cursor() {
		return new Cursor(this.last, new TreeSet<>(this.pending.keySet()));
	}

	/** The cursor's text, without copying the pending ids. */
	String text() {
		return new Cursor(this.last, this.pending.navigableKeySet()).toString();
	}

}
