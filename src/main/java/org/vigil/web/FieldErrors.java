package org.vigil.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects every problem with a request's input, so that one 400 names them all. */
public final class FieldErrors {

	private final Map<String, List<String>> errors = new LinkedHashMap<>();

	public FieldErrors add(String field, String message) {
		this.errors.computeIfAbsent(field, (key) -> new ArrayList<>()).add(message);
		return this;
	}

	public void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw ApiException.invalid(this.errors);
		}
	}

}
