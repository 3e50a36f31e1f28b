package org.vigil.alerts.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.vigil.alerts.AlertInputs;
import org.vigil.alerts.AlertProperties;
import org.vigil.alerts.ScopeLookup.CustomerRef;
import org.vigil.alerts.ScopeLookup.OfferingRef;
import org.vigil.alerts.ScopeLookup;
import org.vigil.alerts.delivery.ChannelKind;
import org.vigil.alerts.delivery.Destinations;
import org.vigil.alerts.delivery.NameLookup;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.status.AgentType;
import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Uuids;

import org.springframework.stereotype.Component;

/**
 * What a channel may be, and may not: the checks of a POST, and of a PATCH against the
 * channel it changes. Every problem is named in one 400; a customer the caller may see
 * but not manage is 403.
 */
@Component
class ChannelValidator {

	/** The default alert_after: the disconnection itself already took a whole timeout. */
	static final Duration DEFAULT_ALERT_AFTER = Duration.ZERO;

	static final Duration MAX_ALERT_AFTER = Duration.ofDays(7);

	static final Duration MIN_REPEAT = Duration.ofMinutes(1);

	static final Duration MAX_REPEAT = Duration.ofDays(30);

	private static final int MAX_EMAILS = 50;

	private final ScopeLookup scopes;

	private final Destinations.Policy customerPolicy;

	private final Destinations.Policy staffPolicy;

	private final NameLookup lookup;

	ChannelValidator(ScopeLookup scopes, AlertProperties properties, NameLookup lookup) {
		this.scopes = scopes;
		this.customerPolicy = Destinations.Policy.of(properties, false);
		this.staffPolicy = Destinations.Policy.of(properties, true);
		this.lookup = lookup;
	}

	/** The settings of a new channel ({@code current} null) or of a changed one. */
	ChannelSettings check(ChannelRequest body, Channel current, Caller caller) {
		boolean creating = current == null;
		FieldErrors errors = new FieldErrors();
		String name = (creating || body.given("name")) ? Inputs.requiredText(errors, "name", body.name(), 150)
				: current.name();
		String kind = kind(errors, body, current);
		Long customerId = customer(errors, body, current, caller);
		// A PATCH that sends back the URL as it is, or as it is shown (masked), leaves
		// it.
		boolean urlWritten = creating || (body.given("url") && !Objects.equals(body.url(), current.url())
				&& !Objects.equals(body.url(), SecretUrls.mask(current.kind(), current.url())));
		String url = urlWritten ? body.url() : current.url();
		if (ChannelKind.EMAIL.equals(kind)) {
			if (urlWritten && url != null) {
				errors.add("url", "Only webhook and slack channels have a URL.");
			}
			url = null;
		}
		else if (kind != null && urlWritten) {
			url = url(errors, url, caller);
		}
		List<String> emails = (creating || body.given("emails")) ? emails(errors, kind, body.emails())
				: current.emails();
		String secret = null;
		if (body.given("secret") && body.secret() != null) {
			secret = ChannelKind.WEBHOOK.equals(kind) ? Inputs.optionalText(errors, "secret", body.secret(), 200)
					: null;
			if (kind != null && !ChannelKind.WEBHOOK.equals(kind)) {
				errors.add("secret", "Only webhook channels have a secret.");
			}
		}
		List<Long> offeringIds = (creating || body.given("offering_uuids"))
				? offerings(errors, body.offeringUuids(), customerId, caller) : null;
		List<AgentType> agentTypes = (creating || body.given("agent_types")) ? agentTypes(errors, body.agentTypes())
				: current.agentTypes();
		Duration alertAfter = (creating || body.given("alert_after")) ? ((body.alertAfter() != null)
				? AlertInputs.duration(errors, "alert_after", body.alertAfter(), Duration.ZERO, MAX_ALERT_AFTER)
				: DEFAULT_ALERT_AFTER) : current.alertAfter();
		Duration repeatEvery = (creating || body.given("repeat_every")) ? ((body.repeatEvery() != null)
				? AlertInputs.duration(errors, "repeat_every", body.repeatEvery(), MIN_REPEAT, MAX_REPEAT) : null)
				: current.repeatEvery();
		boolean enabled = (body.enabled() != null) ? body.enabled() : creating || current.enabled();
		errors.throwIfAny();
		// An unchanged URL keeps the approval it was saved with: a channel may reach
		// VIGIL_NOTIFY_ALLOW_HOSTS while its URL is as staff last wrote it.
		boolean savedByStaff = urlWritten ? caller.staff() : current.savedByStaff();
		return new ChannelSettings(name, kind, url, emails, body.given("secret"), secret, customerId, offeringIds,
				agentTypes, alertAfter, repeatEvery, enabled, savedByStaff);
	}

	private static String kind(FieldErrors errors, ChannelRequest body, Channel current) {
		if (current != null) {
			if (body.given("kind") && !current.kind().equals(body.kind())) {
				errors.add("kind", "The kind of a channel cannot be changed; create a new channel instead.");
			}
			return current.kind();
		}
		if (body.kind() == null) {
			errors.add("kind", Inputs.REQUIRED);
			return null;
		}
		if (!ChannelKind.ALL.contains(body.kind())) {
			errors.add("kind", "\"" + body.kind() + "\" is not a valid choice.");
			return null;
		}
		return body.kind();
	}

	/**
	 * The customer's id, or null for a global channel. A customer the caller cannot see
	 * does not exist; one they see but do not own is forbidden.
	 */
	private Long customer(FieldErrors errors, ChannelRequest body, Channel current, Caller caller) {
		if (current != null) {
			if (body.given("customer") && !sameCustomer(body.customer(), current)) {
				errors.add("customer", "The customer of a channel cannot be changed; create a new channel instead.");
			}
			return current.customerId();
		}
		if (body.customer() == null) {
			if (!caller.staff()) {
				errors.add("customer", "This field is required: only staff may create a channel for every customer.");
			}
			return null;
		}
		Optional<CustomerRef> customer = AlertInputs.reference(body.customer(), "customers")
			.flatMap((uuid) -> this.scopes.customer(uuid, caller));
		if (customer.isEmpty()) {
			errors.add("customer", "Customer \"" + body.customer() + "\" does not exist.");
			return null;
		}
		if (!Visibility.managesAlerts(caller, customer.get().id())) {
			throw ApiException.forbidden("Only staff and the customer's owners may manage its alert channels.");
		}
		return customer.get().id();
	}

	private static boolean sameCustomer(String reference, Channel current) {
		if (reference == null) {
			return current.global();
		}
		return !current.global() && AlertInputs.reference(reference, "customers")
			.map((uuid) -> uuid.equals(current.customerUuid()))
			.orElse(false);
	}

	private String url(FieldErrors errors, String url, Caller caller) {
		String text = Inputs.requiredText(errors, "url", url, 2000);
		if (text == null) {
			return null;
		}
		String refused = Destinations.check(text, caller.staff() ? this.staffPolicy : this.customerPolicy, this.lookup);
		if (refused != null) {
			errors.add("url", refused);
			return null;
		}
		return text;
	}

	private static List<String> emails(FieldErrors errors, String kind, List<String> given) {
		List<String> emails = (given != null) ? given : List.of();
		if (!ChannelKind.EMAIL.equals(kind)) {
			if (kind != null && !emails.isEmpty()) {
				errors.add("emails", "Only email channels have email addresses.");
			}
			return List.of();
		}
		if (emails.isEmpty()) {
			errors.add("emails", "This field is required: at least one email address.");
			return List.of();
		}
		if (emails.size() > MAX_EMAILS) {
			errors.add("emails", "Ensure this list has no more than " + MAX_EMAILS + " addresses.");
			return List.of();
		}
		List<String> valid = new ArrayList<>();
		for (String email : emails) {
			if (validEmail(email)) {
				if (!valid.contains(email.strip())) {
					valid.add(email.strip());
				}
			}
			else {
				errors.add("emails", "\u201c" + email + "\u201d is not a valid email address.");
			}
		}
		if (String.join(",", valid).length() > 2000) {
			errors.add("emails", "Ensure the addresses have no more than 2000 characters together.");
		}
		return valid;
	}

	private static boolean validEmail(String email) {
		if (email == null || email.isBlank() || email.length() > 254 || email.contains(",")
				|| Inputs.unstorable(email) != null) {
			return false;
		}
		try {
			InternetAddress address = new InternetAddress(email.strip(), true);
			address.validate();
			return address.getPersonal() == null && address.getAddress().equals(email.strip())
					&& address.getAddress().indexOf('@') > 0;
		}
		catch (AddressException ex) {
			return false;
		}
	}

	/**
	 * Offerings of the channel's customer (of any customer for a global channel); those
	 * the caller cannot see do not exist.
	 */
	private List<Long> offerings(FieldErrors errors, List<String> given, Long customerId, Caller caller) {
		List<UUID> uuids = AlertInputs.uuids(errors, "offering_uuids", given);
		List<OfferingRef> found = this.scopes.offerings(uuids, caller);
		List<Long> ids = new ArrayList<>();
		for (UUID uuid : uuids) {
			Optional<OfferingRef> offering = found.stream().filter((o) -> o.uuid().equals(uuid)).findFirst();
			if (offering.isEmpty()) {
				errors.add("offering_uuids", "Offering " + Uuids.hex(uuid) + " does not exist.");
			}
			else if (customerId != null && offering.get().customerId() != customerId) {
				errors.add("offering_uuids",
						"Offering " + Uuids.hex(uuid) + " is not an offering of the channel's customer.");
			}
			else {
				ids.add(offering.get().id());
			}
		}
		return ids;
	}

	private static List<AgentType> agentTypes(FieldErrors errors, List<String> given) {
		TreeSet<AgentType> types = new TreeSet<>();
		for (String value : (given != null) ? given : List.<String>of()) {
			Optional<AgentType> type = (value != null) ? AgentType.parse(value) : Optional.empty();
			if (type.isEmpty()) {
				errors.add("agent_types", "Select a valid choice. " + value + " is not one of the available choices.");
			}
			type.ifPresent(types::add);
		}
		return List.copyOf(types);
	}

}
