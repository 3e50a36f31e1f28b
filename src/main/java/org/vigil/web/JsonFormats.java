package org.vigil.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.springframework.boot.jackson.JacksonComponent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Waldur's wire forms: UUIDs as 32 hex digits, times in UTC with microseconds and
 * {@code Z}.
 */
@JacksonComponent
public class JsonFormats {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	public static String timestamp(Instant instant) {
		return TIMESTAMP.format(instant);
	}

	public static class UuidSerializer extends ValueSerializer<UUID> {

		@Override
		public void serialize(UUID value, JsonGenerator gen, SerializationContext context) {
			gen.writeString(Uuids.hex(value));
		}

	}

	public static class InstantSerializer extends ValueSerializer<Instant> {

		@Override
		public void serialize(Instant value, JsonGenerator gen, SerializationContext context) {
			gen.writeString(timestamp(value));
		}

	}

}
