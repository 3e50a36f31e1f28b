package org.vigil.events;

import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.vigil.status.Status;
import org.vigil.web.FieldErrors;
import org.vigil.web.Params;

import org.springframework.util.MultiValueMap;

/**
 * The query parameters of the history as conditions; invalid values are 400.
 */
final class EventFilter {

	private EventFilter() {
	}

	static Condition parse(MultiValueMap<String, String> params) {
		FieldErrors errors = new FieldErrors();
		List<Condition> conditions = new ArrayList<>();

		List<UUID> offerings = Params.uuids(params, "offering_uuid", errors);
		if (!offerings.isEmpty()) {
			conditions.add(INTEGRATION_STATUS.OFFERING_ID
				.in(select(OFFERING.ID).from(OFFERING).where(OFFERING.UUID.in(offerings))));
		}
		List<UUID> statuses = Params.uuids(params, "integration_status_uuid", errors);
		if (!statuses.isEmpty()) {
			conditions.add(INTEGRATION_STATUS.UUID.in(statuses));
		}
		List<UUID> customers = Params.uuids(params, "customer_uuid", errors);
		if (!customers.isEmpty()) {
			conditions.add(INTEGRATION_STATUS.OFFERING_ID.in(select(OFFERING.ID).from(OFFERING)
				.join(CUSTOMER)
				.on(CUSTOMER.ID.eq(OFFERING.CUSTOMER_ID))
				.where(CUSTOMER.UUID.in(customers))));
		}
		List<Short> to = new ArrayList<>();
		for (String value : Params.multiple(params, "to_status")) {
			Status.parse(value)
				.ifPresentOrElse((status) -> to.add(status.code()), () -> errors.add("to_status",
						"Select a valid choice. " + value + " is not one of the available choices."));
		}
		if (!to.isEmpty()) {
			conditions.add(STATUS_EVENT.TO_STATUS.in(to));
		}
		Instant after = Params.time(params, "created_after", errors);
		if (after != null) {
			conditions.add(STATUS_EVENT.CREATED.ge(after));
		}
		Instant before = Params.time(params, "created_before", errors);
		if (before != null) {
			conditions.add(STATUS_EVENT.CREATED.le(before));
		}
		errors.throwIfAny();
		return DSL.and(conditions);
	}

}
