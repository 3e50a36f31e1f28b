package org.vigil.alerts.delivery;

import java.time.Clock;

import org.vigil.alerts.AlertProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends a message the way its channel's kind says. Never throws for what a receiver does:
 * every failure is an {@link Outcome}.
 */
@Component
public class MessageSender implements DisposableBean {

	private final GuardedHttpClient http;

	private final WebhookSender webhook;

	private final SlackSender slack;

	private final EmailSender email;

	MessageSender(JsonMapper json, ObjectProvider<JavaMailSender> mail, AlertProperties properties, NameLookup lookup,
			Clock clock) {
		this.http = new GuardedHttpClient(properties, lookup);
		this.webhook = new WebhookSender(this.http, json, clock);
		this.slack = new SlackSender(this.http, json);
		this.email = new EmailSender(mail, properties);
	}

	public Outcome send(Message message) {
		return switch (message.channel().kind()) {
			case ChannelKind.WEBHOOK -> this.webhook.send(message);
			case ChannelKind.SLACK -> this.slack.send(message);
			case ChannelKind.EMAIL -> this.email.send(message);
			default -> Outcome.failed("unknown channel kind", 0, "Unknown channel kind " + message.channel().kind());
		};
	}

	@Override
	public void destroy() {
		this.http.close();
	}

}
