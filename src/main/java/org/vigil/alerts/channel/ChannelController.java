package org.vigil.alerts.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.vigil.alerts.delivery.ChannelKind;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.status.AgentType;
import org.vigil.web.ApiException;
import org.vigil.web.Page;
import org.vigil.web.Paging;
import org.vigil.web.Params;
import org.vigil.web.Uuids;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notification channels, where alerts go. Staff and support see every channel, owners and
 * service managers those of their customers; staff and owners change them. The secret
 * goes in and never comes out.
 */
@RestController
@RequestMapping("/api/notification-channels")
class ChannelController {

	private final ChannelRepository channels;

	private final ChannelValidator rules;

	private final AuditLog audit;

	ChannelController(ChannelRepository channels, ChannelValidator rules, AuditLog audit) {
		this.channels = channels;
		this.rules = rules;
		this.audit = audit;
	}

	@GetMapping
	ResponseEntity<List<ChannelView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		ChannelRepository.Filter filter = filter(params);
		Page page = Paging.from(params).of(this.channels.count(caller, filter));
		return page.response(request,
				(links) -> this.channels.page(caller, filter, page).stream().map(ChannelView::of).toList());
	}

	@GetMapping("/{uuid}")
	ChannelView retrieve(Caller caller, @PathVariable String uuid) {
		return ChannelView.of(visible(caller, uuid));
	}

	@PostMapping
	@Transactional
	ResponseEntity<ChannelView> create(Caller caller, @RequestBody ChannelRequest body) {
		ChannelSettings settings = this.rules.check(body, null, caller);
		Channel created = this.channels.create(settings);
		this.audit.record(caller, AuditAction.CREATE, AuditObject.CHANNEL, created.uuid(), created.customerId(),
				Changes.created(audited(created))
					.secret("secret", true, false, created.hasSecret())
					.mask("url", (url) -> SecretUrls.mask(created.kind(), url)));
		return ResponseEntity.status(HttpStatus.CREATED).body(ChannelView.of(created));
	}

	@PatchMapping("/{uuid}")
	@Transactional
	ChannelView update(Caller caller, @PathVariable String uuid, @RequestBody ChannelRequest body) {
		Channel channel = manageable(caller, uuid);
		ChannelSettings settings = this.rules.check(body, channel, caller);
		Channel updated = this.channels.update(channel, settings);
		this.audit.record(caller, AuditAction.UPDATE, AuditObject.CHANNEL, channel.uuid(), channel.customerId(),
				Changes.between(audited(channel), audited(updated))
					.secret("secret", settings.secretGiven(), channel.hasSecret(), updated.hasSecret())
					.mask("url", (url) -> SecretUrls.mask(updated.kind(), url)));
		return ChannelView.of(updated);
	}

	@DeleteMapping("/{uuid}")
	@Transactional
	ResponseEntity<Void> delete(Caller caller, @PathVariable String uuid) {
		Channel channel = manageable(caller, uuid);
		this.channels.delete(channel.id());
		this.audit.record(caller, AuditAction.DELETE, AuditObject.CHANNEL, channel.uuid(), channel.customerId(),
				Changes.deleted(audited(channel))
					.secret("secret", true, channel.hasSecret(), false)
					.mask("url", (url) -> SecretUrls.mask(channel.kind(), url)));
		return ResponseEntity.noContent().build();
	}

	private Channel visible(Caller caller, String uuid) {
		return this.channels.visible(Uuids.pathOrNotFound(uuid), caller).orElseThrow(ApiException::notFound);
	}

	private Channel manageable(Caller caller, String uuid) {
		Channel channel = visible(caller, uuid);
		if (!Visibility.managesAlerts(caller, channel.customerId())) {
			throw ApiException.forbidden("Only staff and the customer's owners may change its alert channels.");
		}
		return channel;
	}

	private static ChannelRepository.Filter filter(MultiValueMap<String, String> params) {
		UUID customer = null;
		String customerUuid = Params.single(params, "customer_uuid");
		if (customerUuid != null) {
			customer = Uuids.parse(customerUuid)
				.orElseThrow(() -> ApiException.invalid("customer_uuid", "Enter a valid UUID."));
		}
		String kind = Params.single(params, "kind");
		if (kind != null && !ChannelKind.ALL.contains(kind)) {
			throw ApiException.invalid("kind",
					"Select a valid choice. " + kind + " is not one of the available choices.");
		}
		return new ChannelRepository.Filter(customer, kind);
	}

	/**
	 * What the audit log shows of a channel: its URL as stored (compared raw, so a change
	 * of a hidden path is seen; shown as {@link SecretUrls} masks it), never its secret.
	 */
	private static Map<String, Object> audited(Channel c) {
		return Changes.fields("name", c.name(), "kind", c.kind(), "url", c.url(), "emails", c.emails(), "customer",
				c.customerUuid(), "offering_uuids", c.offeringUuids(), "agent_types",
				c.agentTypes().stream().map(AgentType::label).toList(), "alert_after", c.alertAfter(), "repeat_every",
				c.repeatEvery(), "enabled", c.enabled());
	}

	/**
	 * What a channel shows: no secret, and its URL only as {@link SecretUrls} masks it,
	 * with {@code has_url_secret} saying whether something was hidden.
	 */
	record ChannelView(UUID uuid, String name, String kind, String url, boolean hasUrlSecret, List<String> emails,
			boolean hasSecret, UUID customer, String customerName, List<UUID> offeringUuids, List<String> agentTypes,
			Duration alertAfter, Duration repeatEvery, boolean enabled, Instant created) {

		static ChannelView of(Channel c) {
			return new ChannelView(c.uuid(), c.name(), c.kind(), SecretUrls.mask(c.kind(), c.url()),
					SecretUrls.hidesSomething(c.kind(), c.url()), c.emails(), c.hasSecret(), c.customerUuid(),
					c.customerName(), c.offeringUuids(), c.agentTypes().stream().map(AgentType::label).toList(),
					c.alertAfter(), c.repeatEvery(), c.enabled(), c.created());
		}

	}

}
