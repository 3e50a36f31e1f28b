package org.vigil.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a write changed, field by field: {@code field: [old, new]}. Built by the feature
 * that writes from plain values (what its API shows, in its field names); the
 * {@link AuditLog} renders them, secrets as {@code "***"}. A value that did not change is
 * left out. Values are compared as given, so a secret or a channel URL whose shown form
 * stays the same is still seen to change.
 */
public final class Changes {

	static final String MASK = "***";

	private final Map<String, Object[]> fields = new LinkedHashMap<>();

	private final Map<String, Boolean> secrets = new LinkedHashMap<>();

	private final Map<String, UnaryOperator<String>> masks = new LinkedHashMap<>();

	private Changes() {
	}

	/** Every field of a new object, as {@code [null, value]}. */
	public static Changes created(Map<String, ?> after) {
		return between(Map.of(), after);
	}

	/** Every field of an object that is gone, as {@code [value, null]}. */
	public static Changes deleted(Map<String, ?> before) {
		return between(before, Map.of());
	}

	/** The fields whose values differ. */
	public static Changes between(Map<String, ?> before, Map<String, ?> after) {
		Changes changes = new Changes();
		before.forEach((field, old) -> changes.field(field, old, after.get(field)));
		after.forEach((field, now) -> {
			if (!before.containsKey(field)) {
				changes.field(field, null, now);
			}
		});
		return changes;
	}

	/**
	 * Field names and values in turn, null values allowed:
	 * {@code fields("name", name, "slug", slug)}.
	 */
	public static Map<String, Object> fields(Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

	/** One more field; left out when its values are equal. */
	public Changes field(String field, Object old, Object now) {
		if (Objects.equals(old, now)) {
			this.fields.remove(field);
		}
		else {
			this.fields.put(field, new Object[] { old, now });
		}
		return this;
	}

	/**
	 * A write-only value (a webhook's signing secret, an upstream token): when the write
	 * set it ({@code written}), shown as {@code ["***", "***"]}, with null on the side
	 * where there was none.
	 */
	public Changes secret(String field, boolean written, boolean hadOne, boolean hasOne) {
		this.fields.remove(field);
		if (written && (hadOne || hasOne)) {
			this.fields.put(field, new Object[] { hadOne ? MASK : null, hasOne ? MASK : null });
			this.secrets.put(field, true);
		}
		return this;
	}

	/**
	 * How a field's values are shown (compared as given, shown masked): for a URL that
	 * may carry a secret.
	 */
	public Changes mask(String field, UnaryOperator<String> shown) {
		this.masks.put(field, shown);
		return this;
	}

	boolean isEmpty() {
		return this.fields.isEmpty();
	}

	Map<String, Object[]> fields() {
		return Collections.unmodifiableMap(this.fields);
	}

	boolean isSecret(String field) {
		return this.secrets.containsKey(field);
	}

	UnaryOperator<String> maskOf(String field) {
		return this.masks.get(field);
	}

	/** Never the values: they may hold what the log shows masked. */
	@Override
	public String toString() {
		return "Changes" + this.fields.keySet();
	}

}
