package org.vigil.alerts.planning;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;
import static org.vigil.db.Tables.ALERT_OUTBOX;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.vigil.status.Status;
import org.vigil.status.StatusTransitionListener;

import org.springframework.stereotype.Component;

/**
 * The planner's input: every transition into or out of Disconnected gets an outbox row,
 * written in the transaction that recorded its status event, so the row commits or rolls
 * back with the change and a crash loses no alert. The other transitions (Unknown to
 * Active) never alert.
 */
@Component
class AlertOutbox implements StatusTransitionListener {

	private final DSLContext db;

	AlertOutbox(DSLContext db) {
		this.db = db;
	}

	/**
	 * The whole batch in one statement, a column an array: a mass outage records
	 * thousands at once, and on PostgreSQL this cost about half of a JDBC batch of
	 * single-row inserts (1,000 rows).
	 */
	@Override
	public void recorded(List<RecordedTransition> transitions) {
		List<RecordedTransition> alerting = transitions.stream()
			.filter((t) -> t.from() == Status.DISCONNECTED || t.to() == Status.DISCONNECTED)
			.toList();
		if (alerting.isEmpty()) {
			return;
		}
		UUID[] events = alerting.stream().map(RecordedTransition::eventUuid).toArray(UUID[]::new);
		Long[] statuses = alerting.stream().map(RecordedTransition::statusId).toArray(Long[]::new);
		Short[] from = alerting.stream().map((t) -> t.from().code()).toArray(Short[]::new);
		Short[] to = alerting.stream().map((t) -> t.to().code()).toArray(Short[]::new);
		Instant[] at = alerting.stream().map(RecordedTransition::at).toArray(Instant[]::new);
		Table<?> rows = table("unnest({0}, {1}, {2}, {3}, {4})", array(events, ALERT_OUTBOX.EVENT_UUID),
				array(statuses, ALERT_OUTBOX.INTEGRATION_STATUS_ID), array(from, ALERT_OUTBOX.FROM_STATUS),
				array(to, ALERT_OUTBOX.TO_STATUS), array(at, ALERT_OUTBOX.CREATED))
			.as("r", "e", "s", "f", "t", "c");
		this.db
			.insertInto(ALERT_OUTBOX, ALERT_OUTBOX.EVENT_UUID, ALERT_OUTBOX.INTEGRATION_STATUS_ID,
					ALERT_OUTBOX.FROM_STATUS, ALERT_OUTBOX.TO_STATUS, ALERT_OUTBOX.CREATED)
			.select(select(column("e", ALERT_OUTBOX.EVENT_UUID), column("s", ALERT_OUTBOX.INTEGRATION_STATUS_ID),
					column("f", ALERT_OUTBOX.FROM_STATUS), column("t", ALERT_OUTBOX.TO_STATUS),
					column("c", ALERT_OUTBOX.CREATED))
				.from(rows))
			.execute();
	}

	private static <T> Field<T[]> array(T[] values, Field<T> column) {
		return val(values, column.getDataType().array());
	}

	private static <T> Field<T> column(String alias, Field<T> like) {
		return field(name("r", alias), like.getDataType());
	}

}
