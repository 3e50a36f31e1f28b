package org.vigil.alerts.window;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.vigil.alerts.AlertInputs;
import org.vigil.alerts.window.WindowValidator.WindowRequest;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
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
 * Maintenance windows (alerts): seen as a customer's channels are, declared by staff and
 * the customer's owners.
 */
@RestController
@RequestMapping("/api/maintenance-windows")
class WindowController {

	private final WindowRepository windows;

	private final WindowValidator rules;

	private final Clock clock;

	private final AuditLog audit;

	WindowController(WindowRepository windows, WindowValidator rules, Clock clock, AuditLog audit) {
		this.windows = windows;
		this.rules = rules;
		this.clock = clock;
		this.audit = audit;
	}

	@GetMapping
	ResponseEntity<List<WindowView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		Instant now = this.clock.instant();
		WindowRepository.Filter filter = filter(params, now);
		Page page = Paging.from(params).of(this.windows.count(caller, filter));
		return page.response(request,
				(links) -> this.windows.page(caller, filter, page).stream().map((w) -> WindowView.of(w, now)).toList());
	}

	@GetMapping("/{uuid}")
	WindowView retrieve(Caller caller, @PathVariable String uuid) {
		return WindowView.of(visible(caller, uuid), this.clock.instant());
	}

	@PostMapping
	@Transactional
	ResponseEntity<WindowView> create(Caller caller, @RequestBody WindowRequest body) {
		WindowSettings settings = this.rules.check(body, null, caller);
		MaintenanceWindow created = this.windows.create(settings);
		this.audit.record(caller, AuditAction.CREATE, AuditObject.MAINTENANCE_WINDOW, created.uuid(),
				created.customerId(), Changes.created(audited(created)));
		return ResponseEntity.status(HttpStatus.CREATED).body(WindowView.of(created, this.clock.instant()));
	}

	@PatchMapping("/{uuid}")
	@Transactional
	WindowView update(Caller caller, @PathVariable String uuid, @RequestBody WindowRequest body) {
		MaintenanceWindow window = manageable(caller, uuid);
		MaintenanceWindow updated = this.windows.update(window, this.rules.check(body, window, caller));
		this.audit.record(caller, AuditAction.UPDATE, AuditObject.MAINTENANCE_WINDOW, window.uuid(),
				window.customerId(), Changes.between(audited(window), audited(updated)));
		return WindowView.of(updated, this.clock.instant());
	}

	@DeleteMapping("/{uuid}")
	@Transactional
	ResponseEntity<Void> delete(Caller caller, @PathVariable String uuid) {
		MaintenanceWindow window = manageable(caller, uuid);
		this.windows.delete(window.id());
		this.audit.record(caller, AuditAction.DELETE, AuditObject.MAINTENANCE_WINDOW, window.uuid(),
				window.customerId(), Changes.deleted(audited(window)));
		return ResponseEntity.noContent().build();
	}

	private MaintenanceWindow visible(Caller caller, String uuid) {
		return this.windows.visible(Uuids.pathOrNotFound(uuid), caller).orElseThrow(ApiException::notFound);
	}

	private MaintenanceWindow manageable(Caller caller, String uuid) {
		MaintenanceWindow window = visible(caller, uuid);
		if (!Visibility.managesAlerts(caller, window.customerId())) {
			throw ApiException.forbidden("Only staff and the customer's owners may change its maintenance windows.");
		}
		return window;
	}

	private static WindowRepository.Filter filter(MultiValueMap<String, String> params, Instant now) {
		UUID customer = null;
		String customerUuid = Params.single(params, "customer_uuid");
		if (customerUuid != null) {
			customer = Uuids.parse(customerUuid)
				.orElseThrow(() -> ApiException.invalid("customer_uuid", "Enter a valid UUID."));
		}
		return new WindowRepository.Filter(customer, AlertInputs.flag("active", Params.single(params, "active")), now);
	}

	private static Map<String, Object> audited(MaintenanceWindow w) {
		return Changes.fields("customer", w.customerUuid(), "offering_uuids", w.offeringUuids(), "start", w.start(),
				"end", w.end(), "reason", w.reason());
	}

	/**
	 * A window on the wire; {@code covered_offering_uuids} are the offerings it holds
	 * alerts for now (none unless active), so that a client shows what is under
	 * maintenance without deciding it.
	 */
	record WindowView(UUID uuid, UUID customer, String customerName, List<UUID> offeringUuids, Instant start,
			Instant end, String reason, boolean active, List<UUID> coveredOfferingUuids, Instant created) {

		static WindowView of(MaintenanceWindow w, Instant now) {
			return new WindowView(w.uuid(), w.customerUuid(), w.customerName(), w.offeringUuids(), w.start(), w.end(),
					w.reason(), w.activeAt(now), w.coveredNow(), w.created());
		}

	}

}
