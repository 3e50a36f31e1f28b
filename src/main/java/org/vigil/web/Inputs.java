package org.vigil.web;

/** Checks of request fields, with Django REST framework's messages. */
public final class Inputs {

	public static final String REQUIRED = "This field is required.";

	private Inputs() {
	}

	/** A required, non-blank text of at most {@code max} characters; null when invalid. */
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
		if (text.length() > max) {
			errors.add(field, "Ensure this field has no more than " + max + " characters.");
			return null;
		}
		return text;
	}

}
