package org.vigil.directory;

import java.util.Optional;
import java.util.UUID;

import org.vigil.web.Links;
import org.vigil.web.Uuids;

/**
 * A reference to another object in a request body: its UUID, or its URL as Waldur writes
 * it.
 */
final class References {

	private References() {
	}

	static Optional<UUID> parse(String value, String collection) {
		if (value == null) {
			return Optional.empty();
		}
		return value.contains("/") ? Links.uuidIn(value, collection) : Uuids.parse(value);
	}

}
