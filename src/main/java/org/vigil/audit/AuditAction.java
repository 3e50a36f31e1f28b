package org.vigil.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What was done to an object, as the audit log names it. */
public enum AuditAction {

	CREATE, UPDATE, DELETE, ADD_ROLE, REMOVE_ROLE, REVOKE;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<AuditAction> parse(String wireName) {
		return Arrays.stream(values()).filter((a) -> a.wireName().equals(wireName)).findFirst();
	}

}
