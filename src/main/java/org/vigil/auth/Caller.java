package org.vigil.auth;

import java.util.Set;
import java.util.UUID;

import org.vigil.web.ApiException;

/**
 * Who is asking: the user behind a valid token. An agent token carries the offerings it may
 * check in for, and may do nothing else.
 */
public record Caller(long accountId, UUID uuid, String username, boolean staff, boolean support,
		Set<Long> agentOfferings) {

	/** Staff and support see every integration status. */
	public boolean seesAll() {
		return this.staff || this.support;
	}

	/** Administration is for staff: anybody else may look (within their view) but not change. */
	public void requireStaff() {
		if (!this.staff) {
			throw ApiException.forbidden();
		}
	}

	public boolean isAgent() {
		return this.agentOfferings != null;
	}

}
