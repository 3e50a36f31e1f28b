package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.ALERT_OUTBOX;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.status.StatusChanges;
import org.vigil.status.StatusKey;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox is fed by the application's own status changes: alerts registers
 * {@link AlertOutbox} as a listener of status, which tells it of every batch of events in
 * the transaction that recorded them. A transition into or out of Disconnected gets its
 * row with its event; a transaction rolled back leaves neither.
 */
class AlertOutboxTest extends ApiTest {

	@Autowired
	private StatusChanges statuses;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void transitionsIntoAndOutOfDisconnectedAreInTheOutboxWithTheirEventsAndRollBackWithThem() {
		String uuid = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		long offering = this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(Uuids.parse(uuid).orElseThrow()))
			.fetchSingle()
			.value1();
		StatusKey orders = new StatusKey(offering, AgentType.ORDER_PROCESSING);
		Instant start = this.clock.freeze();
		Instant down = start.plus(Duration.ofDays(1));
		Instant back = down.plusSeconds(10);
		// Uncommitted until rolled back, so the running planner never sees (and consumes)
		// these rows.
		this.transactions.executeWithoutResult((tx) -> {
			this.statuses.checkIn(Map.of(orders, "agent"));
			this.clock.advance(Duration.between(start, down));
			assertThat(this.statuses.expire(100).disconnected()).isEqualTo(1);
			this.clock.advance(Duration.between(down, back));
			this.statuses.checkIn(Map.of(orders, "agent"));
			assertThat(outbox()).containsExactly("Active->Disconnected@" + down, "Disconnected->Active@" + back);
			assertThat(this.db.fetchCount(STATUS_EVENT)).as("Unknown to Active is an event, not an alert").isEqualTo(3);
			tx.setRollbackOnly();
		});
		assertThat(this.db.fetchCount(INTEGRATION_STATUS)).isZero();
		assertThat(this.db.fetchCount(STATUS_EVENT)).isZero();
		assertThat(this.db.fetchCount(ALERT_OUTBOX)).isZero();
	}

	/** The outbox rows that match their status event exactly, oldest first. */
	private List<String> outbox() {
		return this.db.select(ALERT_OUTBOX.FROM_STATUS, ALERT_OUTBOX.TO_STATUS, ALERT_OUTBOX.CREATED)
			.from(ALERT_OUTBOX)
			.join(STATUS_EVENT)
			.on(STATUS_EVENT.UUID.eq(ALERT_OUTBOX.EVENT_UUID))
			.and(STATUS_EVENT.INTEGRATION_STATUS_ID.eq(ALERT_OUTBOX.INTEGRATION_STATUS_ID))
			.and(STATUS_EVENT.FROM_STATUS.eq(ALERT_OUTBOX.FROM_STATUS))
			.and(STATUS_EVENT.TO_STATUS.eq(ALERT_OUTBOX.TO_STATUS))
			.and(STATUS_EVENT.CREATED.eq(ALERT_OUTBOX.CREATED))
			.orderBy(ALERT_OUTBOX.ID)
			.fetch((r) -> Status.ofCode(r.value1()).label() + "->" + Status.ofCode(r.value2()).label() + "@"
					+ r.value3());
	}

}
