package org.vigil.alerts.delivery;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Slack (and Mattermost) deliveries: the message's Markdown text
 * ({@link MessageTexts#slack}) POSTed to an incoming webhook through the
 * {@link GuardedHttpClient}.
 */
class SlackSender {

	private final GuardedHttpClient http;

	private final JsonMapper json;

	SlackSender(GuardedHttpClient http, JsonMapper json) {
		this.http = http;
		this.json = json;
	}

	Outcome send(Message message) {
		byte[] body = this.json.writeValueAsBytes(new SlackBody(MessageTexts.slack(message)));
		return this.http.post(message.channel(), Map.of(), body);
	}

	record SlackBody(String text) {
	}

}
