package org.vigil.status;

import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.when;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.vigil.status.rhythm.Basis;
import org.vigil.web.FieldErrors;
import org.vigil.web.Links;
import org.vigil.web.Params;
import org.vigil.web.Uuids;

import org.springframework.util.MultiValueMap;

/**
 * The query parameters of Waldur's list as SQL conditions on integration_status alone:
 * filters on the offering or customer become subqueries on the offering id, so the count
 * needs no join and the page joins only for the rows it shows. Every invalid value is a
 * 400 naming the parameter; a filter that cannot match (an unknown agent type label, a
 * link to something else) matches nothing rather than everything. {@code statuses} are
 * those the filter admits (all without a status filter); {@code onlyStatus} says no other
 * filter was given.
 */
record StatusFilter(Condition condition, List<SortField<?>> order, Ordering ordering, Set<Status> statuses,
		boolean onlyStatus) {

	/**
	 * The orders a page can be found for without sorting every row (see
	 * StatusCandidates): the first {@code o} given, and for newest first and problems the
	 * only one.
	 */
	enum Ordering {

		OTHER, OLDEST_FIRST, NEWEST_FIRST, PROBLEMS

	}

	static StatusFilter parse(MultiValueMap<String, String> params, Instant now) {
		FieldErrors errors = new FieldErrors();
		List<Condition> conditions = new ArrayList<>();

		String agentType = Params.single(params, "agent_type");
		if (agentType != null) {
			if (agentType.equalsIgnoreCase("unknown")) {
				conditions.add(falseCondition());
			}
			else {
				AgentType.parse(agentType)
					.ifPresentOrElse((type) -> conditions.add(INTEGRATION_STATUS.AGENT_TYPE.eq(type.code())),
							() -> errors.add("agent_type", choice(agentType)));
			}
		}

		uuid(params, "customer_uuid", errors)
			.ifPresent((uuid) -> conditions.add(INTEGRATION_STATUS.OFFERING_ID.in(select(OFFERING.ID).from(OFFERING)
				.join(CUSTOMER)
				.on(CUSTOMER.ID.eq(OFFERING.CUSTOMER_ID))
				.where(CUSTOMER.UUID.eq(uuid)))));

		String offering = Params.single(params, "offering");
		if (offering != null) {
			conditions.add(Links.uuidIn(offering, "marketplace-provider-offerings")
				.map((uuid) -> INTEGRATION_STATUS.OFFERING_ID
					.in(select(OFFERING.ID).from(OFFERING).where(OFFERING.UUID.eq(uuid))))
				.orElse(falseCondition()));
		}

		List<UUID> offeringUuids = new ArrayList<>();
		for (String value : Params.multiple(params, "offering_uuid")) {
			Uuids.parse(value)
				.ifPresentOrElse(offeringUuids::add,
						() -> errors.add("offering_uuid", "\u201c" + value + "\u201d is not a valid UUID."));
		}
		if (!offeringUuids.isEmpty()) {
			conditions.add(INTEGRATION_STATUS.OFFERING_ID
				.in(select(OFFERING.ID).from(OFFERING).where(OFFERING.UUID.in(offeringUuids))));
		}

		// Not Waldur's: the dashboard's offering search. Waldur's clients never send it.
		String offeringName = Params.single(params, "offering_name");
		if (offeringName != null) {
			conditions.add(INTEGRATION_STATUS.OFFERING_ID
				.in(select(OFFERING.ID).from(OFFERING).where(OFFERING.NAME.containsIgnoreCase(offeringName))));
		}

		List<String> slugs = Params.multiple(params, "offering_slug");
		if (!slugs.isEmpty()) {
			conditions.add(INTEGRATION_STATUS.OFFERING_ID
				.in(select(OFFERING.ID).from(OFFERING).where(OFFERING.SLUG.in(slugs))));
		}

		uuid(params, "parent_offering_uuid", errors).ifPresent((uuid) -> {
			var parent = OFFERING.as("parent");
			conditions.add(INTEGRATION_STATUS.OFFERING_ID.in(select(OFFERING.ID).from(OFFERING)
				.join(parent)
				.on(parent.ID.eq(OFFERING.PARENT_ID))
				.where(parent.UUID.eq(uuid))));
		});

		// Not Waldur's: Active statuses on a learned deadline whose suspicion reached the
		// late threshold (late_after is not indexed, so the steady check-in that moves it
		// stays a HOT update: this filter reads the statuses the other conditions leave).
		String late = Params.single(params, "late");
		if (late != null) {
			Condition isLate = INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code())
				.and(INTEGRATION_STATUS.TIMEOUT_BASIS.eq(StoredRhythm.code(Basis.LEARNED)))
				.and(INTEGRATION_STATUS.LATE_AFTER.isNotNull())
				.and(INTEGRATION_STATUS.LATE_AFTER.le(now));
			switch (late) {
				case "true" -> conditions.add(isLate);
				case "false" -> conditions.add(DSL.not(isLate));
				default -> errors.add("late", "\u201c" + late + "\u201d is not a valid choice: give true or false.");
			}
		}

		boolean othersThanStatus = !conditions.isEmpty();
		Set<Status> statuses = EnumSet.noneOf(Status.class);
		for (String value : Params.multiple(params, "status")) {
			Status.parse(value).ifPresentOrElse(statuses::add, () -> errors.add("status", choice(value)));
		}
		if (!statuses.isEmpty()) {
			conditions.add(INTEGRATION_STATUS.STATUS.in(statuses.stream().map(Status::code).toList()));
		}

		List<SortField<?>> order = order(params, errors);
		errors.throwIfAny();
		List<String> orders = Params.multiple(params, "o");
		return new StatusFilter(conditions.isEmpty() ? noCondition() : org.jooq.impl.DSL.and(conditions), order,
				ordering(orders), statuses.isEmpty() ? EnumSet.allOf(Status.class) : statuses, !othersThanStatus);
	}

	private static Ordering ordering(List<String> orders) {
		if (orders.isEmpty()) {
			return Ordering.OTHER;
		}
		if (orders.get(0).equals("last_request_timestamp")) {
			return Ordering.OLDEST_FIRST;
		}
		if (orders.size() > 1) {
			return Ordering.OTHER;
		}
		return switch (orders.get(0)) {
			case "-last_request_timestamp" -> Ordering.NEWEST_FIRST;
			case "problems" -> Ordering.PROBLEMS;
			default -> Ordering.OTHER;
		};
	}

	/**
	 * {@code last_request_timestamp} ascending puts the never-seen last, descending puts
	 * them first (PostgreSQL's defaults, made explicit for H2); ties keep creation order.
	 * {@code problems} (Vigil's, the dashboard's default) puts Disconnected first, then
	 * the never-seen Unknown, then Active, each longest silent first.
	 */
	private static List<SortField<?>> order(MultiValueMap<String, String> params, FieldErrors errors) {
		List<SortField<?>> order = new ArrayList<>();
		for (String value : Params.multiple(params, "o")) {
			switch (value) {
				case "last_request_timestamp" -> order.add(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.asc().nullsLast());
				case "-last_request_timestamp" ->
					order.add(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.desc().nullsFirst());
				case "problems" -> {
					order.add(when(INTEGRATION_STATUS.STATUS.eq(Status.DISCONNECTED.code()), 0)
						.when(INTEGRATION_STATUS.STATUS.eq(Status.UNKNOWN.code()), 1)
						.otherwise(2)
						.asc());
					order.add(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.asc().nullsFirst());
				}
				default -> errors.add("o", choice(value));
			}
		}
		order.add(INTEGRATION_STATUS.ID.asc());
		return order;
	}

	private static Optional<UUID> uuid(MultiValueMap<String, String> params, String name, FieldErrors errors) {
		String value = Params.single(params, name);
		if (value == null) {
			return Optional.empty();
		}
		Optional<UUID> uuid = Uuids.parse(value);
		if (uuid.isEmpty()) {
			errors.add(name, "Enter a valid UUID.");
		}
		return uuid;
	}

	private static String choice(String value) {
		return "Select a valid choice. " + value + " is not one of the available choices.";
	}

}
