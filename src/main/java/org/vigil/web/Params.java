package org.vigil.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.util.MultiValueMap;

/**
 * Query parameters read as Django reads them: a single value is the last one given, blank
 * means absent.
 */
public final class Params {

	private Params() {
	}

	public static String single(MultiValueMap<String, String> params, String name) {
		List<String> values = params.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		String value = values.get(values.size() - 1).strip();
		return value.isEmpty() ? null : value;
	}

	/**
	 * Every value of a multi-valued parameter: repeated keys and comma-separated values,
	 * mixed.
	 */
	public static List<String> multiple(MultiValueMap<String, String> params, String name) {
		List<String> values = new ArrayList<>();
		for (String value : params.getOrDefault(name, List.of())) {
			for (String part : value.split(",")) {
				if (!part.isBlank()) {
					values.add(part.strip());
				}
			}
		}
		return values;
	}

	/**
	 * Every value of a multi-valued UUID parameter; a value that is no UUID is a field
	 * error.
	 */
	public static List<UUID> uuids(MultiValueMap<String, String> params, String name, FieldErrors errors) {
		List<UUID> uuids = new ArrayList<>();
		for (String value : multiple(params, name)) {
			Uuids.parse(value)
				.ifPresentOrElse(uuids::add, () -> errors.add(name, "\u201c" + value + "\u201d is not a valid UUID."));
		}
		return uuids;
	}

}
