package org.vigil.mirror;

import java.util.UUID;

import org.vigil.directory.MirroredOffering;

/**
 * An offering as the upstream's {@code /api/marketplace-provider-offerings/} shows it,
 * reduced to the fields Waldur's ProviderOfferingDetailsSerializer has and Vigil keeps.
 */
record UpstreamOffering(UUID uuid, String name, String slug, String type, UUID customerUuid, String customerName,
		UUID parentUuid) {

	MirroredOffering mirrored() {
		return new MirroredOffering(this.uuid, this.name, this.slug, this.type, this.customerUuid, this.customerName);
	}

}
