package org.vigil.alerts.window;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.vigil.alerts.AlertInputs;
import org.vigil.alerts.ScopeLookup.CustomerRef;
import org.vigil.alerts.ScopeLookup.OfferingRef;
import org.vigil.alerts.ScopeLookup;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Uuids;

import org.springframework.stereotype.Component;

/**
 * What a maintenance window may be: a customer's (given, or the one of all the listed
 * offerings), ending after it starts; a new one ending in the future. A customer the
 * caller cannot see does not exist; one they see but do not own is forbidden.
 */
@Component
class WindowValidator {

	private final ScopeLookup scopes;

	private final Clock clock;

	WindowValidator(ScopeLookup scopes, Clock clock) {
		this.scopes = scopes;
		this.clock = clock;
	}

	/** The settings of a new window ({@code current} null) or of a changed one. */
	WindowSettings check(WindowRequest body, MaintenanceWindow current, Caller caller) {
		boolean creating = current == null;
		FieldErrors errors = new FieldErrors();
		Long customerId = creating ? null : current.customerId();
		if (creating && body.customer() != null) {
			customerId = customer(errors, body.customer(), caller);
		}
		else if (!creating && body.customer() != null
				&& !AlertInputs.reference(body.customer(), "customers")
					.map((uuid) -> uuid.equals(current.customerUuid()))
					.orElse(false)) {
			errors.add("customer", "The customer of a maintenance window cannot be changed.");
		}
		List<Long> offeringIds = null;
		if (body.offeringUuids() != null) {
			List<UUID> uuids = AlertInputs.uuids(errors, "offering_uuids", body.offeringUuids());
			List<OfferingRef> found = this.scopes.offerings(uuids, caller);
			offeringIds = new ArrayList<>();
			for (UUID uuid : uuids) {
				Optional<OfferingRef> offering = found.stream().filter((o) -> o.uuid().equals(uuid)).findFirst();
				if (offering.isEmpty()) {
					errors.add("offering_uuids", "Offering " + Uuids.hex(uuid) + " does not exist.");
				}
				else if (customerId == null && creating && body.customer() == null) {
					customerId = offering.get().customerId();
					offeringIds.add(offering.get().id());
				}
				else if (customerId != null && offering.get().customerId() != customerId) {
					errors.add("offering_uuids", "Offering " + Uuids.hex(uuid)
							+ " is not an offering of the window's customer: a window covers one customer.");
				}
				else {
					offeringIds.add(offering.get().id());
				}
			}
		}
		if (creating && body.customer() == null && (body.offeringUuids() == null || body.offeringUuids().isEmpty())) {
			errors.add("customer", "Give the customer, or offering_uuids of one customer.");
		}
		Instant start = (creating || body.start() != null) ? AlertInputs.time(errors, "start", body.start())
				: current.start();
		Instant end = (creating || body.end() != null) ? AlertInputs.time(errors, "end", body.end()) : current.end();
		if (start != null && end != null && !end.isAfter(start)) {
			errors.add("end", "The end must be after the start.");
		}
		else if (creating && end != null && !end.isAfter(this.clock.instant())) {
			errors.add("end", "The end must be in the future.");
		}
		String reason = (creating || body.reason() != null) ? Inputs.requiredText(errors, "reason", body.reason(), 500)
				: current.reason();
		errors.throwIfAny();
		if (!Visibility.managesAlerts(caller, customerId)) {
			throw ApiException.forbidden("Only staff and the customer's owners may declare its maintenance windows.");
		}
		return new WindowSettings(customerId, offeringIds, start, end, reason);
	}

	private Long customer(FieldErrors errors, String reference, Caller caller) {
		Optional<CustomerRef> customer = AlertInputs.reference(reference, "customers")
			.flatMap((uuid) -> this.scopes.customer(uuid, caller));
		if (customer.isEmpty()) {
			errors.add("customer", "Customer \"" + reference + "\" does not exist.");
			return null;
		}
		return customer.get().id();
	}

	/** A window as a POST or PATCH body gives it. */
	record WindowRequest(String customer, List<String> offeringUuids, String start, String end, String reason) {
	}

}
