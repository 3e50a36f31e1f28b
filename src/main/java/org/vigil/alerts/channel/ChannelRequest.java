package org.vigil.alerts.channel;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A channel as a POST or PATCH body gives it. It remembers which fields were given at
 * all, so that a PATCH with {@code "repeat_every": null} clears the reminders while a
 * PATCH without it leaves them alone.
 */
final class ChannelRequest {

	private final Set<String> given = new HashSet<>();

	private String name;

	private String kind;

	private String url;

	private List<String> emails;

	private String secret;

	private String customer;

	private List<String> offeringUuids;

	private List<String> agentTypes;

	private String alertAfter;

	private String repeatEvery;

	private Boolean enabled;

	boolean given(String field) {
		return this.given.contains(field);
	}

	public void setName(String name) {
		this.name = name;
		this.given.add("name");
	}

	public void setKind(String kind) {
		this.kind = kind;
		this.given.add("kind");
	}

	public void setUrl(String url) {
		this.url = url;
		this.given.add("url");
	}

	public void setEmails(List<String> emails) {
		this.emails = emails;
		this.given.add("emails");
	}

	public void setSecret(String secret) {
		this.secret = secret;
		this.given.add("secret");
	}

	public void setCustomer(String customer) {
		this.customer = customer;
		this.given.add("customer");
	}

	public void setOfferingUuids(List<String> offeringUuids) {
		this.offeringUuids = offeringUuids;
		this.given.add("offering_uuids");
	}

	public void setAgentTypes(List<String> agentTypes) {
		this.agentTypes = agentTypes;
		this.given.add("agent_types");
	}

	public void setAlertAfter(String alertAfter) {
		this.alertAfter = alertAfter;
		this.given.add("alert_after");
	}

	public void setRepeatEvery(String repeatEvery) {
		this.repeatEvery = repeatEvery;
		this.given.add("repeat_every");
	}

	public void setEnabled(Boolean enabled) {
		this.enabled = enabled;
		this.given.add("enabled");
	}

	String name() {
		return this.name;
	}

	String kind() {
		return this.kind;
	}

	String url() {
		return this.url;
	}

	List<String> emails() {
		return this.emails;
	}

	String secret() {
		return this.secret;
	}

	String customer() {
		return this.customer;
	}

	List<String> offeringUuids() {
		return this.offeringUuids;
	}

	List<String> agentTypes() {
		return this.agentTypes;
	}

	String alertAfter() {
		return this.alertAfter;
	}

	String repeatEvery() {
		return this.repeatEvery;
	}

	Boolean enabled() {
		return this.enabled;
	}

}
