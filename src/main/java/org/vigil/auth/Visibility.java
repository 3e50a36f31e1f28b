package org.vigil.auth;

import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.CUSTOMER_ROLE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.OFFERING_ROLE;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.vigil.db.tables.Offering;

/**
 * The one home of who sees what (docs/design.md#who-sees-what). Staff and support see
 * all; anybody else sees the offerings they manage and every offering of the customers
 * they own or manage. Two forms of the same rule side by side: in memory, for the one
 * offering a check-in names (from the grants cached with the caller's credentials), and
 * in SQL, for lists. VisibilityAgreementTest holds them to the same answers.
 *
 * The visible offerings are a UNION of two index-driven branches, not an OR: with an OR,
 * PostgreSQL scans every offering and hash-joins every status (about 100 ms at a million
 * statuses); with the UNION it starts from the caller's few grants and reaches their
 * statuses through the (offering_id, agent_type) index (about 1 ms).
 */
public final class Visibility {

	private static final Offering VISIBLE = OFFERING.as("visible_offering");

	private Visibility() {
	}

	/** Whether the caller sees one offering of a customer. */
	public static boolean sees(Caller caller, long offeringId, long customerId) {
		return caller.seesAll() || caller.managedOfferings().contains(offeringId)
				|| caller.roleCustomers().contains(customerId);
	}

	/**
	 * Who may check in for an offering: an agent token scoped to it, or anybody who sees
	 * it.
	 */
	public static boolean mayCheckIn(Caller caller, long offeringId, long customerId) {
		return caller.isAgent() ? caller.agentOfferings().contains(offeringId) : sees(caller, offeringId, customerId);
	}

	/**
	 * The same rule in SQL, for any table with an offering id: statuses, events,
	 * offerings themselves.
	 */
	public static Condition offerings(Caller caller, Field<Long> offeringId) {
		return caller.seesAll() ? noCondition() : offeringId.in(visibleOfferingIds(caller));
	}

	/** A customer is visible with a role on it, or on one of its offerings. */
	public static Condition customers(Caller caller, Field<Long> customerId) {
		if (caller.seesAll()) {
			return noCondition();
		}
		return customerId.in(select(CUSTOMER_ROLE.CUSTOMER_ID).from(CUSTOMER_ROLE)
			.where(CUSTOMER_ROLE.ACCOUNT_ID.eq(caller.accountId()))
			.union(select(VISIBLE.CUSTOMER_ID).from(OFFERING_ROLE)
				.join(VISIBLE)
				.on(VISIBLE.ID.eq(OFFERING_ROLE.OFFERING_ID))
				.where(OFFERING_ROLE.ACCOUNT_ID.eq(caller.accountId()))));
	}

	/**
	 * Alerts: who sees a customer's channels, their deliveries and its maintenance
	 * windows. Staff and support see all, including global channels (no customer); an
	 * owner or service manager sees those of their customers.
	 */
	public static Condition alerts(Caller caller, Field<Long> customerId) {
		if (caller.seesAll()) {
			return noCondition();
		}
		return caller.roleCustomers().isEmpty() ? falseCondition() : customerId.in(caller.roleCustomers());
	}

	/**
	 * Who may create, change or delete a customer's channels and maintenance windows:
	 * staff, and the customer's owners. Global ones ({@code customerId} null) are for
	 * staff only.
	 */
	public static boolean managesAlerts(Caller caller, Long customerId) {
		return caller.staff() || (customerId != null && caller.ownedCustomers().contains(customerId));
	}

	/**
	 * Mirror sources hold a token of another Waldur: staff alone see and manage them; to
	 * anybody else the list is empty and a source is not found.
	 */
	public static boolean seesMirrorSources(Caller caller) {
		return caller.staff();
	}

	/**
	 * The audit log: staff see every event; a customer's owner those of the customer's
	 * objects (by the customer the event was written with); anybody else, support
	 * included, none: the log is about administration, which is for staff and owners.
	 */
	public static Condition audit(Caller caller, Field<Long> customerId) {
		if (caller.staff()) {
			return noCondition();
		}
		return caller.ownedCustomers().isEmpty() ? falseCondition() : customerId.in(caller.ownedCustomers());
	}

	/** Users: staff and support see every user, anybody else only themselves. */
	public static Condition users(Caller caller, Field<Long> accountId) {
		return caller.seesAll() ? noCondition() : accountId.eq(caller.accountId());
	}

	private static Select<Record1<Long>> visibleOfferingIds(Caller caller) {
		return select(OFFERING_ROLE.OFFERING_ID).from(OFFERING_ROLE)
			.where(OFFERING_ROLE.ACCOUNT_ID.eq(caller.accountId()))
			.union(select(VISIBLE.ID).from(VISIBLE)
				.join(CUSTOMER_ROLE)
				.on(CUSTOMER_ROLE.CUSTOMER_ID.eq(VISIBLE.CUSTOMER_ID))
				.where(CUSTOMER_ROLE.ACCOUNT_ID.eq(caller.accountId())));
	}

}
