package org.vigil.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of object the audit log tells about. A {@code ROLE} event names the customer
 * or offering the role is on.
 */
public enum AuditObject {

	USER, TOKEN, ROLE, CUSTOMER, OFFERING, CHANNEL, MAINTENANCE_WINDOW, MIRROR_SOURCE;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<AuditObject> parse(String wireName) {
		return Arrays.stream(values()).filter((o) -> o.wireName().equals(wireName)).findFirst();
	}

	static List<String> wireNames() {
		return Arrays.stream(values()).map(AuditObject::wireName).toList();
	}

}
