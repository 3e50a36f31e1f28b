package org.vigil.directory;

import java.util.UUID;

/** An offering and its customer as a mirror source's upstream shows them. */
public record MirroredOffering(UUID uuid, String name, String slug, String type, UUID customerUuid,
		String customerName) {
}
