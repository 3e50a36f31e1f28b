package org.vigil.directory;

import static org.vigil.db.Tables.CUSTOMER;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.system.Clocks;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

	private final DSLContext db;

	private final Clock clock;

	CustomerRepository(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	Customer create(String name) {
		return this.db.insertInto(CUSTOMER)
			.set(CUSTOMER.UUID, UUID.randomUUID())
			.set(CUSTOMER.NAME, name)
			.set(CUSTOMER.CREATED, Clocks.now(this.clock))
			.returning()
			.fetchOne(CustomerRepository::customer);
	}

	/** Whether the customer is mirrored from another Waldur (and so read-only). */
	boolean mirrored(long id) {
		return this.db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(id).and(CUSTOMER.SOURCE_ID.isNotNull()));
	}

	Optional<Customer> find(UUID uuid) {
		return this.db.selectFrom(CUSTOMER).where(CUSTOMER.UUID.eq(uuid)).fetchOptional(CustomerRepository::customer);
	}

	/** The customer if the caller may see it. */
	Optional<Customer> findVisible(Caller caller, UUID uuid) {
		return this.db.selectFrom(CUSTOMER)
			.where(CUSTOMER.UUID.eq(uuid))
			.and(Visibility.customers(caller, CUSTOMER.ID))
			.fetchOptional(CustomerRepository::customer);
	}

	/**
	 * The customers the caller sees whose name contains {@code name} when it is not null.
	 */
	long count(Caller caller, String name) {
		return this.db.fetchCount(CUSTOMER, listed(caller, name));
	}

	List<Customer> page(Caller caller, String name, Page page) {
		return this.db.selectFrom(CUSTOMER)
			.where(listed(caller, name))
			.orderBy(CUSTOMER.ID)
			.limit(page.size())
			.offset(page.offset())
			.fetch(CustomerRepository::customer);
	}

	private static Condition listed(Caller caller, String name) {
		Condition visible = Visibility.customers(caller, CUSTOMER.ID);
		return (name != null) ? visible.and(CUSTOMER.NAME.containsIgnoreCase(name)) : visible;
	}

	private static Customer customer(Record row) {
		return new Customer(row.get(CUSTOMER.ID), row.get(CUSTOMER.UUID), row.get(CUSTOMER.NAME),
				row.get(CUSTOMER.CREATED));
	}

}
