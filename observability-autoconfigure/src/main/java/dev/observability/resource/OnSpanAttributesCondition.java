package dev.observability.resource;

import dev.observability.resource.ResourceAttributesProperties.SpanAttributes;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when {@code observability.resource.span-attributes} asks for the resource
 * attributes on spans: {@code ALWAYS}, or {@code AUTO} (the default) with OpenTelemetry's
 * Zipkin exporter on the classpath.
 */
class OnSpanAttributesCondition extends SpringBootCondition {

	static final String PROPERTY = "observability.resource.span-attributes";

	/**
	 * The exporter whose span model has no resource: only service.name reaches Zipkin.
	 */
	static final String ZIPKIN_EXPORTER = "io.opentelemetry.exporter.zipkin.ZipkinSpanExporter";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Resource attributes on spans");
		SpanAttributes mode = Binder.get(context.getEnvironment())
			.bind(PROPERTY, SpanAttributes.class)
			.orElse(SpanAttributes.AUTO);
		return switch (mode) {
			case ALWAYS -> ConditionOutcome.match(message.because(PROPERTY + " is ALWAYS"));
			case NEVER -> ConditionOutcome.noMatch(message.because(PROPERTY + " is NEVER"));
			case AUTO -> auto(context, message);
		};
	}

	private static ConditionOutcome auto(ConditionContext context, ConditionMessage.Builder message) {
		if (ClassUtils.isPresent(ZIPKIN_EXPORTER, context.getClassLoader())) {
			return ConditionOutcome
				.match(message.because(PROPERTY + " is AUTO and " + ZIPKIN_EXPORTER + " is present"));
		}
		return ConditionOutcome.noMatch(message.because(PROPERTY + " is AUTO and " + ZIPKIN_EXPORTER + " is absent"));
	}

}
