package dev.observability.resource;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the few resource attributes the user chose
 * ({@code observability.resource.common-tags}) as tags to every meter. A tag the meter
 * already has keeps its own value. Without a choice it does nothing: {@code target_info}
 * carries the attributes.
 */
public class ResourceCommonTags implements MeterFilter {

	private static final Logger logger = LoggerFactory.getLogger(ResourceCommonTags.class);

	private static final Tags NONE = Tags.empty();

	private final Tags tags;

	public ResourceCommonTags(ResourceAttributes attributes, List<String> keys) {
		List<Tag> tags = new ArrayList<>();
		for (String key : keys) {
			String value = attributes.get(key);
			if (value != null) {
				tags.add(Tag.of(key, value));
			}
			else {
				logger.warn("Common tag {} is not a detected resource attribute; meters do not get it", key);
			}
		}
		this.tags = tags.isEmpty() ? NONE : Tags.of(tags);
	}

	/**
	 * The tags this filter adds.
	 * @return the tags, empty when none were chosen
	 */
	public Tags getTags() {
		return this.tags;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (this.tags == NONE) {
			return id;
		}
		return id.replaceTags(Tags.concat(this.tags, id.getTagsAsIterable()));
	}

}
