package org.vigil.alerts.history;

import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.vigil.alerts.delivery.DeliveryQueue;
import org.vigil.web.FieldErrors;
import org.vigil.web.Params;

import org.springframework.util.MultiValueMap;

/**
 * The query parameters of {@code /api/notifications/} as conditions:
 * {@code channel_uuid}, {@code state} and {@code customer_uuid}, each one or more values;
 * invalid values are 400.
 */
final class NotificationFilter {

	private static final List<String> STATES = List.of(DeliveryQueue.PENDING, DeliveryQueue.SENT, DeliveryQueue.FAILED);

	private NotificationFilter() {
	}

	static Condition parse(MultiValueMap<String, String> params) {
		FieldErrors errors = new FieldErrors();
		List<Condition> conditions = new ArrayList<>();
		List<UUID> channels = Params.uuids(params, "channel_uuid", errors);
		if (!channels.isEmpty()) {
			conditions.add(NOTIFICATION.CHANNEL_ID.in(select(NOTIFICATION_CHANNEL.ID).from(NOTIFICATION_CHANNEL)
				.where(NOTIFICATION_CHANNEL.UUID.in(channels))));
		}
		List<UUID> customers = Params.uuids(params, "customer_uuid", errors);
		if (!customers.isEmpty()) {
			conditions.add(
					NOTIFICATION.CUSTOMER_ID.in(select(CUSTOMER.ID).from(CUSTOMER).where(CUSTOMER.UUID.in(customers))));
		}
		List<String> states = new ArrayList<>();
		for (String value : Params.multiple(params, "state")) {
			if (STATES.contains(value)) {
				states.add(value);
			}
			else {
				errors.add("state", "Select a valid choice. " + value + " is not one of the available choices.");
			}
		}
		if (!states.isEmpty()) {
			conditions.add(NOTIFICATION.STATE.in(states));
		}
		errors.throwIfAny();
		return DSL.and(conditions);
	}

}
