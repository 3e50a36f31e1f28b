package org.vigil.directory;

import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.CUSTOMER_ROLE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.OFFERING_ROLE;

import org.jooq.Condition;
import org.jooq.Field;
import org.vigil.auth.Caller;

/**
 * SPEC section 2 as SQL. Staff and support see everything; anybody else sees the offerings they
 * manage and every offering of the customers they own or manage. The role subqueries read the
 * caller's few grants through the role tables' primary keys, so a scoped query starts from a
 * handful of offerings instead of scanning what it filters.
 */
public final class Visibility {

	private Visibility() {
	}

	public static Condition offerings(Caller caller, Field<Long> offeringId, Field<Long> customerId) {
		if (caller.seesAll()) {
			return noCondition();
		}
		return offeringId.in(managedOfferings(caller)).or(customerId.in(roleCustomers(caller)));
	}

	/**
	 * For tables that hold only an offering id (statuses, events): the offering is one the caller
	 * sees. The visible offerings are few, so the database can start from them and reach the rows
	 * through an index on the offering id.
	 */
	public static Condition offeringIdVisible(Caller caller, Field<Long> offeringId) {
		if (caller.seesAll()) {
			return noCondition();
		}
		return offeringId.in(select(OFFERING.ID).from(OFFERING)
			.where(OFFERING.ID.in(managedOfferings(caller)).or(OFFERING.CUSTOMER_ID.in(roleCustomers(caller)))));
	}

	/** A customer is visible with a role on it, or on one of its offerings. */
	public static Condition customers(Caller caller, Field<Long> customerId) {
		if (caller.seesAll()) {
			return noCondition();
		}
		return customerId.in(roleCustomers(caller))
			.or(customerId.in(select(OFFERING.CUSTOMER_ID).from(OFFERING).where(OFFERING.ID.in(managedOfferings(caller)))));
	}

	private static org.jooq.Select<org.jooq.Record1<Long>> managedOfferings(Caller caller) {
		return select(OFFERING_ROLE.OFFERING_ID).from(OFFERING_ROLE).where(OFFERING_ROLE.ACCOUNT_ID.eq(caller.accountId()));
	}

	private static org.jooq.Select<org.jooq.Record1<Long>> roleCustomers(Caller caller) {
		return select(CUSTOMER_ROLE.CUSTOMER_ID).from(CUSTOMER_ROLE).where(CUSTOMER_ROLE.ACCOUNT_ID.eq(caller.accountId()));
	}

}
