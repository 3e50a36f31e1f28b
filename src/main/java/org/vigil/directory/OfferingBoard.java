package org.vigil.directory;

import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.when;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.web.FieldErrors;
import org.vigil.web.Params;

import org.springframework.util.MultiValueMap;

/**
 * Vigil's own parameters of the offering list, for the dashboard's offering view (one row
 * per offering, one cell per agent type; Waldur ignores them): {@code status} and
 * {@code agent_type} keep the offerings with at least one integration status matching
 * both, and {@code o=problems} puts offerings with a Disconnected status first, then
 * those with a never-seen one, then the others, then those without statuses, each the
 * longest silent first. Both are correlated lookups through the unique (offering_id,
 * agent_type) index, so they cost the offerings the caller sees.
 */
record OfferingBoard(Condition condition, List<SortField<?>> order) {

	static OfferingBoard from(MultiValueMap<String, String> params) {
		FieldErrors errors = new FieldErrors();
		List<Short> statuses = new ArrayList<>();
		for (String value : Params.multiple(params, "status")) {
			Status.parse(value)
				.ifPresentOrElse((status) -> statuses.add(status.code()), () -> errors.add("status", choice(value)));
		}
		Condition ofStatus = statuses.isEmpty() ? noCondition() : INTEGRATION_STATUS.STATUS.in(statuses);
		String agentType = Params.single(params, "agent_type");
		if (agentType != null) {
			ofStatus = ofStatus.and(AgentType.parse(agentType)
				.map((type) -> INTEGRATION_STATUS.AGENT_TYPE.eq(type.code()))
				.orElseGet(() -> {
					errors.add("agent_type", choice(agentType));
					return noCondition();
				}));
		}
		List<SortField<?>> order = new ArrayList<>();
		for (String value : Params.multiple(params, "o")) {
			if (value.equals("problems")) {
				order.add(when(has(Status.DISCONNECTED), 0).when(has(Status.UNKNOWN), 1)
					.when(exists(statuses(noCondition())), 2)
					.otherwise(3)
					.asc());
				order.add(longestSilent().asc().nullsFirst());
			}
			else {
				errors.add("o", choice(value));
			}
		}
		order.add(OFFERING.ID.asc());
		errors.throwIfAny();
		boolean filtered = !statuses.isEmpty() || agentType != null;
		return new OfferingBoard(filtered ? exists(statuses(ofStatus)) : noCondition(), order);
	}

	private static Condition has(Status status) {
		return exists(statuses(INTEGRATION_STATUS.STATUS.eq(status.code())));
	}

	private static org.jooq.Select<?> statuses(Condition condition) {
		return selectOne().from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.OFFERING_ID.eq(OFFERING.ID))
			.and(condition);
	}

	/**
	 * The oldest last check-in among the offering's statuses (never seen counts as
	 * oldest).
	 */
	private static Field<Instant> longestSilent() {
		return field(select(min(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)).from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.OFFERING_ID.eq(OFFERING.ID)));
	}

	private static String choice(String value) {
		return "Select a valid choice. " + value + " is not one of the available choices.";
	}

}
