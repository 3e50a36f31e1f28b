package org.vigil.status;

import java.util.Optional;

/** An integration status: Unknown until first heard from, then Active or Disconnected. */
public enum Status {

	UNKNOWN(1, "Unknown"), ACTIVE(2, "Active"), DISCONNECTED(3, "Disconnected");

	private final short code;

	private final String label;

	Status(int code, String label) {
		this.code = (short) code;
		this.label = label;
	}

	public short code() {
		return this.code;
	}

	public String label() {
		return this.label;
	}

	public static Status ofCode(short code) {
		return values()[code - 1];
	}

	/** A label, in any case. */
	public static Optional<Status> parse(String text) {
		String value = text.strip();
		for (Status status : values()) {
			if (status.label.equalsIgnoreCase(value)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
