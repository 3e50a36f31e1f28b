package org.vigil.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.web.ApiException;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The events of this instance's stream subscribers: one query every
 * {@code vigil.stream.poll-interval} reads what any instance has committed since the last
 * one, for all subscribers at once, and hands each of them the batch (who sees what is
 * decided per subscriber, by {@link Subscriber}). How late commits are caught is
 * {@link Cursor}'s comment.
 */
@Component
class EventFeed implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

	/** Most events one poll reads; the next poll goes on from there. */
	static final int POLL_LIMIT = 1000;

	private final EventRepository events;

	private final StreamProperties properties;

	private final Clock clock;

	private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

	/** Guards {@link #position} against subscribe while a poll hands out. */
	private final Object lock = new Object();

	/** Null until the first poll has found where the events end. */
	private Position position;

	private volatile boolean running;

	/**
	 * A thread of its own for each subscriber (at most max-subscribers): virtual where
	 * the JVM has them (21 and newer).
	 */
	private final SimpleAsyncTaskExecutor writers = new SimpleAsyncTaskExecutor("vigil-stream-");

	EventFeed(EventRepository events, StreamProperties properties, Clock clock) {
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.writers.setVirtualThreads(Runtime.version().feature() >= 21);
	}

	TaskExecutor writers() {
		return this.writers;
	}

	/**
	 * Registers a subscriber at the current position; it receives every batch read after
	 * this. Returns the position, or null when the instance has as many as it may take. A
	 * user who has as many open as one may is told to wait (429) until a stream of theirs
	 * ends; a stream whose client went away is noticed at its next heartbeat.
	 */
	Cursor subscribe(Subscriber subscriber) {
		synchronized (this.lock) {
			if (this.subscribers.size() >= this.properties.maxSubscribers() || !this.running || this.position == null) {
				return null;
			}
			if (this.subscribers.stream()
				.filter((s) -> s.accountId() == subscriber.accountId())
				.count() >= this.properties.perUser()) {
				long wait = Math.max(1, this.properties.heartbeat().toSeconds());
				throw ApiException.tooManyRequests(wait,
						"You have " + this.properties.perUser()
								+ " live streams open here, as many as one user may. Close one, or try again in " + wait
								+ " seconds.");
			}
			this.subscribers.add(subscriber);
			return (this.position != null) ? this.position.cursor() : null;
		}
	}

	void unsubscribe(Subscriber subscriber) {
		this.subscribers.remove(subscriber);
	}

	int subscriberCount() {
		return this.subscribers.size();
	}

	@Scheduled(fixedDelayString = "${vigil.stream.poll-interval:500ms}")
	void poll() {
		if (!this.running) {
			return;
		}
		try {
			if (position() == null) {
				begin();
			}
			List<EventRepository.StoredEvent> rows = this.events.oldestFirst(position().after(), POLL_LIMIT);
			synchronized (this.lock) {
				List<Subscriber.Item> batch = advance(rows);
				if (!batch.isEmpty()) {
					this.subscribers.forEach((s) -> s.offer(batch));
				}
			}
		}
		catch (RuntimeException ex) {
			// The database is away: the next poll goes on from the same place.
			log.debug("Event stream poll failed: {}", ex.getMessage());
		}
	}

	/** Where the feed is now, or null before its first poll. */
	Cursor position() {
		synchronized (this.lock) {
			return (this.position != null) ? this.position.cursor() : null;
		}
	}

	/**
	 * Starts at the newest event, with the holes among the newest ids pending: they may
	 * be transactions still open.
	 */
	private void begin() {
		List<Long> newest = this.events.newestIds(POLL_LIMIT);
		Instant now = this.clock.instant();
		Position start = new Position(Cursor.at(newest.isEmpty() ? 0 : newest.get(newest.size() - 1) - 1), now);
		for (int i = newest.size() - 1; i >= 0; i--) {
			start.read(newest.get(i), now);
		}
		synchronized (this.lock) {
			this.position = start;
		}
	}

	/**
	 * Takes a poll's rows (ordered by id) into the position, giving each the cursor a
	 * client holds once it has it.
	 */
	private List<Subscriber.Item> advance(List<EventRepository.StoredEvent> rows) {
		Instant now = this.clock.instant();
		List<Subscriber.Item> batch = new ArrayList<>(rows.size());
		for (EventRepository.StoredEvent row : rows) {
			long id = row.id();
			this.position.read(id, now);
			batch.add(new Subscriber.Item(id, row.row(), row.offeringId(), row.customerId(), this.position.text()));
		}
		this.position.giveUpBefore(now.minus(this.properties.pendingFor()));
		return batch;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/** Before the web server's graceful shutdown, which would wait for open streams. */
	@Override
	public void stop() {
		this.running = false;
		this.subscribers.forEach(Subscriber::close);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
