package org.vigil.alerts;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;

import org.springframework.stereotype.Component;

/**
 * The customers and offerings that channels and maintenance windows name, as the caller
 * sees them: what a caller cannot see does not exist for them.
 */
@Component
public class ScopeLookup {

	private final DSLContext db;

	ScopeLookup(DSLContext db) {
		this.db = db;
	}

	public Optional<CustomerRef> customer(UUID uuid, Caller caller) {
		return this.db.select(CUSTOMER.ID, CUSTOMER.UUID, CUSTOMER.NAME)
			.from(CUSTOMER)
			.where(CUSTOMER.UUID.eq(uuid))
			.and(Visibility.customers(caller, CUSTOMER.ID))
			.fetchOptional((r) -> new CustomerRef(r.value1(), r.value2(), r.value3()));
	}

	/** Those of the offerings that exist and the caller sees. */
	public List<OfferingRef> offerings(Collection<UUID> uuids, Caller caller) {
		if (uuids.isEmpty()) {
			return List.of();
		}
		return this.db.select(OFFERING.ID, OFFERING.UUID, OFFERING.CUSTOMER_ID)
			.from(OFFERING)
			.where(OFFERING.UUID.in(uuids))
			.and(Visibility.offerings(caller, OFFERING.ID))
			.fetch((r) -> new OfferingRef(r.value1(), r.value2(), r.value3()));
	}

	public record CustomerRef(long id, UUID uuid, String name) {
	}

	public record OfferingRef(long id, UUID uuid, long customerId) {
	}

}
