package org.vigil.directory;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles that grant a view of integration statuses, with the scope each applies to.
 */
enum Role {

	CUSTOMER_OWNER("CUSTOMER.OWNER", true), CUSTOMER_MANAGER("CUSTOMER.MANAGER", true),
	OFFERING_MANAGER("OFFERING.MANAGER", false);

	private final String name;

	private final boolean onCustomer;

	Role(String name, boolean onCustomer) {
		this.name = name;
		this.onCustomer = onCustomer;
	}

	String wireName() {
		return this.name;
	}

	static Optional<Role> parse(String name, boolean onCustomer) {
		return Arrays.stream(values()).filter((r) -> r.name.equals(name) && r.onCustomer == onCustomer).findFirst();
	}

	static String choices(boolean onCustomer) {
		return String.join(", ",
				Arrays.stream(values()).filter((r) -> r.onCustomer == onCustomer).map(Role::wireName).toList());
	}

}
