package org.vigil.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Links;
import org.vigil.web.Uuids;

/**
 * Checks of the alert API's fields: ISO-8601 durations and times, references and lists of
 * UUIDs. Each adds a message naming what is wrong and returns null when the value is
 * invalid.
 */
public final class AlertInputs {

	static final String DURATION_FORMAT = "Enter a duration in ISO-8601, e.g. PT5M or P1D.";

	static final String TIME_FORMAT = "Datetime has wrong format. Use ISO-8601 with an offset, e.g. 2026-11-28T10:22:38Z.";

	private AlertInputs() {
	}

	/** A duration of whole seconds between {@code min} and {@code max}. */
	public static Duration duration(FieldErrors errors, String field, String text, Duration min, Duration max) {
		Duration duration;
		try {
			duration = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
		}
		catch (DateTimeParseException ex) {
			errors.add(field, DURATION_FORMAT);
			return null;
		}
		if (duration.getNano() != 0) {
			errors.add(field, "Use whole seconds.");
			return null;
		}
		if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
			errors.add(field, "Ensure this duration is between " + min + " and " + max + ".");
			return null;
		}
		return duration;
	}

	/** A time with its offset ({@code Z} or {@code +02:00}), as an instant. */
	public static Instant time(FieldErrors errors, String field, String text) {
		if (text == null) {
			errors.add(field, Inputs.REQUIRED);
			return null;
		}
		Instant time;
		try {
			time = OffsetDateTime.parse(text.strip()).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(field, TIME_FORMAT);
			return null;
		}
		if (!Inputs.storable(time)) {
			errors.add(field, Inputs.TIME_OUT_OF_RANGE);
			return null;
		}
		return time.truncatedTo(ChronoUnit.MICROS);
	}

	/** A reference to another object: its UUID, or its URL as Waldur writes it. */
	public static Optional<UUID> reference(String value, String collection) {
		return value.contains("/") ? Links.uuidIn(value, collection) : Uuids.parse(value);
	}

	/** Distinct UUIDs, in the order given; an empty list when none are given. */
	public static List<UUID> uuids(FieldErrors errors, String field, List<String> values) {
		Set<UUID> uuids = new LinkedHashSet<>();
		for (String value : (values != null) ? values : List.<String>of()) {
			Optional<UUID> uuid = (value != null) ? Uuids.parse(value) : Optional.empty();
			if (uuid.isEmpty()) {
				errors.add(field, "\u201c" + value + "\u201d is not a valid UUID.");
			}
			uuid.ifPresent(uuids::add);
		}
		return new ArrayList<>(uuids);
	}

	/** A query parameter that is {@code true} or {@code false}; null when absent. */
	public static Boolean flag(String name, String value) {
		if (value == null) {
			return null;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "1" -> true;
			case "false", "0" -> false;
			default -> throw ApiException.invalid(name, "Must be a valid boolean.");
		};
	}

}
