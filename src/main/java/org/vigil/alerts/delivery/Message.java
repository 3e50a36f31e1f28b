package org.vigil.alerts.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notification ready to send: its delivery id (stable across retries), the channel, the
 * customer whose statuses it names and the items, or (customer and items empty) the
 * mirror source whose health it reports. {@code created} and {@code attemptCount} tell
 * the dispatcher when to give up and how long to wait next.
 */
public record Message(long id, UUID delivery, Recipient channel, UUID customerUuid, String customerName,
		List<Item> items, Instant created, int attemptCount, SourceHealthChange source) {

	Message(long id, UUID delivery, Recipient channel, UUID customerUuid, String customerName, List<Item> items,
			Instant created, int attemptCount) {
		this(id, delivery, channel, customerUuid, customerName, items, created, attemptCount, null);
	}

	/**
	 * What the test action sends: no events, a text saying it is a test. Not stored and
	 * not retried.
	 */
	public static Message test(Recipient channel, UUID customerUuid, String customerName, Instant now) {
		return new Message(0, UUID.randomUUID(), channel, customerUuid, customerName, List.of(), now, 0);
	}

	boolean isTest() {
		return this.id == 0;
	}

}
