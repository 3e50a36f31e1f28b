package org.vigil.directory;

import static org.jooq.impl.DSL.noCondition;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;

import java.util.UUID;

import org.jooq.Condition;
import org.vigil.web.ApiException;
import org.vigil.web.Params;
import org.vigil.web.Uuids;

import org.springframework.util.MultiValueMap;

/**
 * Waldur's parameters of the offering list as a condition: {@code customer_uuid},
 * {@code slug} and {@code name} (contains, any case); an invalid UUID is 400.
 */
final class OfferingFilter {

	private OfferingFilter() {
	}

	static Condition parse(MultiValueMap<String, String> params) {
		Condition condition = noCondition();
		String customerUuid = Params.single(params, "customer_uuid");
		if (customerUuid != null) {
			UUID uuid = Uuids.parse(customerUuid)
				.orElseThrow(() -> ApiException.invalid("customer_uuid", "Enter a valid UUID."));
			condition = condition.and(CUSTOMER.UUID.eq(uuid));
		}
		String slug = Params.single(params, "slug");
		if (slug != null) {
			condition = condition.and(OFFERING.SLUG.eq(slug));
		}
		String name = Params.single(params, "name");
		if (name != null) {
			condition = condition.and(OFFERING.NAME.containsIgnoreCase(name));
		}
		return condition;
	}

}
