package dev.observability.alerting;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes maps, lists and strings as block-style YAML in a fixed layout, so that the same model
 * always gives the same bytes. Multi-line strings become literal blocks; strings YAML could read
 * as something else are single-quoted.
 */
final class YamlWriter {

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_.:/#=-]*");

	private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|[smhdwy]))+");

	private static final Set<String> RESERVED = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

	private final StringBuilder out = new StringBuilder();

	private YamlWriter() {
	}

	/**
	 * Writes a model as a YAML document.
	 * @param header comment lines put before the document, without the leading {@code #}
	 * @param model the document: maps with string keys, lists, strings and numbers
	 * @return the YAML text, ending with a newline
	 */
	static String write(List<String> header, Map<String, ?> model) {
		YamlWriter writer = new YamlWriter();
		for (String line : header) {
			writer.out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
		}
		writer.map(model, 0);
		return writer.out.toString();
	}

	private void map(Map<String, ?> map, int indent) {
		boolean first = true;
		for (Map.Entry<String, ?> entry : map.entrySet()) {
			if (!first) {
				indent(indent);
			}
			first = false;
			entry(entry.getKey(), entry.getValue(), indent);
		}
	}

	private void entry(String key, Object value, int indent) {
		this.out.append(scalar(key)).append(':');
		if (value instanceof Map<?, ?> map) {
			if (map.isEmpty()) {
				this.out.append(" {}\n");
				return;
			}
			this.out.append('\n');
			indent(indent + 2);
			map(cast(map), indent + 2);
		}
		else if (value instanceof List<?> list) {
			if (list.isEmpty()) {
				this.out.append(" []\n");
				return;
			}
			this.out.append('\n');
			list(list, indent);
		}
		else {
			value(value, indent + 2);
		}
	}

	private void list(List<?> list, int indent) {
		for (Object item : list) {
			indent(indent);
			this.out.append("- ");
			if (item instanceof Map<?, ?> map) {
				map(cast(map), indent + 2);
			}
			else {
				this.out.append(scalar(String.valueOf(item))).append('\n');
			}
		}
	}

	private void value(Object value, int indent) {
		if (value instanceof Number number) {
			this.out.append(' ').append(number).append('\n');
			return;
		}
		String text = String.valueOf(value);
		if (text.indexOf('\n') >= 0) {
			this.out.append(" |-\n");
			for (String line : text.split("\n", -1)) {
				if (!line.isEmpty()) {
					indent(indent);
					this.out.append(line);
				}
				this.out.append('\n');
			}
			return;
		}
		this.out.append(' ').append(scalar(text)).append('\n');
	}

	private void indent(int indent) {
		this.out.append(" ".repeat(indent));
	}

	static String scalar(String text) {
		if (DURATION.matcher(text).matches()
				|| (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT)))) {
			return text;
		}
		return "'" + text.replace("'", "''") + "'";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, ?> cast(Map<?, ?> map) {
		return (Map<String, ?>) map;
	}

}
