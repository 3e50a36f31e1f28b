package org.vigil.events;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jooq.Record;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.web.Links;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream: its own virtual thread takes the feed's batches from a short queue and
 * writes the events its caller sees, so that a slow client holds up nobody else. A client
 * that falls more than {@link #QUEUE} batches behind is closed; it resumes with
 * {@code Last-Event-ID}. Who the caller is, and so what they see, is asked again for
 * every batch and heartbeat (from the credentials cache): a revoked key ends the stream
 * and a lost role narrows it.
 */
final class Subscriber {

	static final int QUEUE = 64;

	private static final List<Item> CLOSE = List.of();

	private final BlockingQueue<List<Item>> queue = new ArrayBlockingQueue<>(QUEUE);

	private final long accountId;

	private final Supplier<Optional<Caller>> caller;

	private final Links links;

	private final Duration heartbeat;

	private final SseEmitter emitter;

	private Cursor start;

	/** Sent from the backlog: a batch read at the same time may hold them again. */
	private final Set<Long> sent = new HashSet<>();

	private volatile boolean closed;

	Subscriber(long accountId, Supplier<Optional<Caller>> caller, Links links, Duration heartbeat, SseEmitter emitter) {
		this.accountId = accountId;
		this.caller = caller;
		this.links = links;
		this.heartbeat = heartbeat;
		this.emitter = emitter;
	}

	/** The user whose stream this is. */
	long accountId() {
		return this.accountId;
	}

	/** From the feed's poll: never blocks it. */
	void offer(List<Item> batch) {
		if (!this.queue.offer(batch)) {
			close();
		}
	}

	void close() {
		this.closed = true;
		this.queue.clear();
		this.queue.offer(CLOSE);
	}

	/**
	 * Where the client is: events at or before it (and not pending in it) are not sent
	 * again.
	 */
	void startAt(Cursor start) {
		this.start = start;
	}

	void sent(long id) {
		this.sent.add(id);
	}

	/** Writes until the client goes, the key stops working or the instance stops. */
	void run(Runnable unsubscribe) {
		try {
			while (!this.closed) {
				List<Item> batch = this.queue.poll(this.heartbeat.toMillis(), TimeUnit.MILLISECONDS);
				if (batch == CLOSE) {
					break;
				}
				Optional<Caller> now = this.caller.get();
				if (now.isEmpty()) {
					break;
				}
				if (batch == null) {
					this.emitter.send(SseEmitter.event().comment("keep-alive"));
					continue;
				}
				for (Item item : batch) {
					if (isNew(item.id()) && Visibility.sees(now.get(), item.offeringId(), item.customerId())) {
						this.emitter
							.send(SseEmitter.event().id(item.cursor()).data(EventView.of(item.row(), this.links)));
					}
				}
			}
			this.emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away (or the response was completed by a time-out).
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			// The database could not say who the caller is now: the client resumes later.
			this.emitter.complete();
		}
		finally {
			this.closed = true;
			unsubscribe.run();
		}
	}

	private boolean isNew(long id) {
		if (this.sent.contains(id)) {
			return false;
		}
		return id > this.start.last() || this.start.pending().contains(id);
	}

	/**
	 * An event of a batch: the row, what visibility is decided on, and the cursor a
	 * client holds once it has it.
	 */
	record Item(long id, Record row, long offeringId, long customerId, String cursor) {
	}

}
