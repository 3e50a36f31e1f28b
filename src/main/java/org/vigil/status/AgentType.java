package org.vigil.status;

import java.util.Locale;
import java.util.Optional;

/** The agent types Waldur knows: the code is stored, the label is what the API shows. */
public enum AgentType {

	ORDER_PROCESSING(1, "Order processing"), USAGE_REPORTING(2, "Usage reporting"), GLAUTH_SYNC(3, "Glauth sync"),
	RESOURCE_SYNC(4, "Resource sync"), EVENT_PROCESSING(5, "Event processing");

	private final short code;

	private final String label;

	AgentType(int code, String label) {
		this.code = (short) code;
		this.label = label;
	}

	public short code() {
		return this.code;
	}

	public String label() {
		return this.label;
	}

	public static AgentType ofCode(short code) {
		return values()[code - 1];
	}

	/** A label (any case) or a code {@code 1}..{@code 5}. */
	public static Optional<AgentType> parse(String text) {
		String value = text.strip();
		for (AgentType type : values()) {
			if (type.label.equalsIgnoreCase(value) || Short.toString(type.code).equals(value)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	/** The configuration key of this type's timeout, e.g. {@code order-processing}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
