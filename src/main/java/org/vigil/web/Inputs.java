package org.vigil.web;

import java.time.Instant;

/** Checks of request fields, with Django REST framework's messages. */
public final class Inputs {

	public static final String REQUIRED = "This field is required.";

	public static final String TIME_OUT_OF_RANGE = "Enter a date/time between 0001-01-01 and 9999-12-31.";

	// Python's datetime (Waldur's) ends with the year 9999; PostgreSQL's timestamps a
	// little later.
	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

	private Inputs() {
	}

	/**
	 * A required, non-blank text of at most {@code max} characters; null when invalid.
	 */
	public static String requiredText(FieldErrors errors, String field, String value, int max) {
		if (value == null) {
			errors.add(field, REQUIRED);
			return null;
		}
		return optionalText(errors, field, value, max);
	}

	/** Like {@link #requiredText} for a field that may be left out (null stays null). */
	public static String optionalText(FieldErrors errors, String field, String value, int max) {
		if (value == null) {
			return null;
		}
		String text = value.strip();
		if (text.isEmpty()) {
			errors.add(field, "This field may not be blank.");
			return null;
		}
		String unstorable = unstorable(text);
		if (unstorable != null) {
			errors.add(field, unstorable);
			return null;
		}
		if (text.length() > max) {
			errors.add(field, "Ensure this field has no more than " + max + " characters.");
			return null;
		}
		return text;
	}

	/**
	 * Why the databases cannot store this text, in Django REST framework's words, or null
	 * when they can: PostgreSQL refuses NUL, and half of a surrogate pair is no
	 * character.
	 */
	public static String unstorable(String text) {
		if (text.indexOf('\0') >= 0) {
			return "Null characters are not allowed.";
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return String.format("Surrogate characters are not allowed: U+%X.", (int) c);
			}
		}
		return null;
	}

	/**
	 * Whether every supported database can store this time (and Waldur's clients read
	 * it).
	 */
	public static boolean storable(Instant time) {
		return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
	}

}
