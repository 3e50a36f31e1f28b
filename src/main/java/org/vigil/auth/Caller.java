package org.vigil.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.vigil.web.ApiException;

/**
 * Who is asking: the user behind a valid token, with their role grants (offering ids they
 * manage, customer ids they own or manage, and of those the ones they own). A token whose
 * stored kind is agent carries the offerings it may check in for (never empty: an agent
 * token with none left does not authenticate) and may do nothing else; for a user token
 * {@code agentOfferings} is null. {@code tokenUuid} names the token the request came with
 * (the audit log records it).
 */
public record Caller(long accountId, UUID uuid, String username, boolean staff, boolean support, Instant created,
		Set<Long> managedOfferings, Set<Long> roleCustomers, Set<Long> ownedCustomers, Set<Long> agentOfferings,
		UUID tokenUuid) {

	/**
	 * Staff and support see every integration status; who else sees what is
	 * {@link Visibility}.
	 */
	public boolean seesAll() {
		return this.staff || this.support;
	}

	/**
	 * Administration is for staff: anybody else may look (within their view) but not
	 * change.
	 */
	public void requireStaff() {
		if (!this.staff) {
			throw ApiException.forbidden();
		}
	}

	public boolean isAgent() {
		return this.agentOfferings != null;
	}

}
