package org.vigil.directory;

import static org.vigil.db.Tables.CUSTOMER;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
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

	Optional<Customer> find(UUID uuid, Condition visible) {
		return this.db.selectFrom(CUSTOMER)
			.where(CUSTOMER.UUID.eq(uuid))
			.and(visible)
			.fetchOptional(CustomerRepository::customer);
	}

	long count(Condition condition) {
		return this.db.fetchCount(CUSTOMER, condition);
	}

	List<Customer> page(Condition condition, Page page) {
		return this.db.selectFrom(CUSTOMER)
			.where(condition)
			.orderBy(CUSTOMER.ID)
			.limit(page.size())
			.offset(page.offset())
			.fetch(CustomerRepository::customer);
	}

	private static Customer customer(Record row) {
		return new Customer(row.get(CUSTOMER.ID), row.get(CUSTOMER.UUID), row.get(CUSTOMER.NAME),
				row.get(CUSTOMER.CREATED));
	}

}
