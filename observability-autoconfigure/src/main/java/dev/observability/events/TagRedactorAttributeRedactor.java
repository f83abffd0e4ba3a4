package dev.observability.events;

import dev.observability.redaction.TagRedactor;

/**
 * Applies the endpoint capability's redaction rules (sensitive keys, secret-looking
 * values) to event attributes, so an attribute is redacted exactly when a meter tag with
 * the same key and value would be.
 */
class TagRedactorAttributeRedactor implements EventAttributeRedactor {

	private final TagRedactor redactor;

	/**
	 * Creates the adapter.
	 * @param redactor the rules of {@code observability.endpoint.redaction.*}
	 */
	TagRedactorAttributeRedactor(TagRedactor redactor) {
		this.redactor = redactor;
	}

	@Override
	public String redact(String key, String value) {
		return this.redactor.isSensitive(key, value) ? TagRedactor.REDACTED : value;
	}

}
