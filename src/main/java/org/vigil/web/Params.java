package org.vigil.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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

	/**
	 * A time parameter such as {@code created_after}: ISO-8601 with an offset or Z,
	 * without one meaning UTC, or a date meaning its start in UTC; anything else is a
	 * field error.
	 */
	public static Instant time(MultiValueMap<String, String> params, String name, FieldErrors errors) {
		String value = single(params, name);
		if (value == null) {
			return null;
		}
		Instant time = parseTime(value);
		if (time == null) {
			errors.add(name, "Enter a valid date/time in ISO-8601, e.g. 2026-11-28T10:00:00Z.");
		}
		else if (!Inputs.storable(time)) {
			errors.add(name, Inputs.TIME_OUT_OF_RANGE);
			return null;
		}
		return time;
	}

	private static Instant parseTime(String value) {
		try {
			return OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
		}
		catch (DateTimeParseException notWithOffset) {
			try {
				return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				try {
					return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
				}
				catch (DateTimeParseException notDate) {
					return null;
				}
			}
		}
	}

}
