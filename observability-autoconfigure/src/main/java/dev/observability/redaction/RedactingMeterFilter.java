package dev.observability.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps secrets and personal data out of every registry: sensitive tag values become
 * {@code REDACTED} and denied meters are never registered. Works at registration time, so
 * a scrape costs nothing extra.
 */
public class RedactingMeterFilter implements MeterFilter {

	private final TagRedactor redactor;

	private final List<Pattern> deniedMeters;

	/**
	 * Creates a filter.
	 * @param redactor decides which tag values are sensitive
	 * @param deniedMeters regular expressions for meter names that are never registered
	 */
	public RedactingMeterFilter(TagRedactor redactor, Collection<String> deniedMeters) {
		this.redactor = redactor;
		List<Pattern> compiled = new ArrayList<>(deniedMeters.size());
		for (String pattern : deniedMeters) {
			compiled.add(Pattern.compile(pattern, Pattern.CASE_INSENSITIVE));
		}
		this.deniedMeters = List.copyOf(compiled);
	}

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		for (Pattern pattern : this.deniedMeters) {
			if (pattern.matcher(id.getName()).matches()) {
				return MeterFilterReply.DENY;
			}
		}
		return MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		List<Tag> tags = null;
		int index = 0;
		for (Tag tag : id.getTagsAsIterable()) {
			if (this.redactor.isSensitive(tag.getKey(), tag.getValue())) {
				if (tags == null) {
					tags = new ArrayList<>(id.getTags());
				}
				tags.set(index, Tag.of(tag.getKey(), TagRedactor.REDACTED));
			}
			index++;
		}
		return (tags != null) ? id.replaceTags(tags) : id;
	}

}
