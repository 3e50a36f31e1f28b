package org.vigil.web;

import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Waldur writes UUIDs as 32 lower-case hex digits and accepts the hyphenated form too.
 */
public final class Uuids {

	private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32}");

	private static final Pattern HYPHENATED = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final HexFormat HEX_DIGITS = HexFormat.of();

	private Uuids() {
	}

	public static Optional<UUID> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String value = text.strip();
		if (HEX.matcher(value).matches()) {
			return Optional.of(new UUID(Long.parseUnsignedLong(value.substring(0, 16), 16),
					Long.parseUnsignedLong(value.substring(16), 16)));
		}
		if (HYPHENATED.matcher(value).matches()) {
			return Optional.of(UUID.fromString(value));
		}
		return Optional.empty();
	}

	/** A path variable: anything that is not a UUID names nothing, so it is not found. */
	public static UUID pathOrNotFound(String text) {
		return parse(text).orElseThrow(ApiException::notFound);
	}

	public static String hex(UUID uuid) {
		return HEX_DIGITS.toHexDigits(uuid.getMostSignificantBits())
				+ HEX_DIGITS.toHexDigits(uuid.getLeastSignificantBits());
	}

}
