package dev.observability.alerting;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as JSON indented by two spaces, the layout of
 * Grafana's own export, so that the same model always gives the same bytes.
 */
final class JsonWriter {

	private final StringBuilder out = new StringBuilder();

	private JsonWriter() {
	}

	/**
	 * Writes a model as JSON.
	 * @param model maps with string keys, lists, strings, numbers, booleans and nulls
	 * @return the JSON text, ending with a newline
	 */
	static String write(Object model) {
		JsonWriter writer = new JsonWriter();
		writer.value(model, 0);
		writer.out.append('\n');
		return writer.out.toString();
	}

	private void value(Object value, int indent) {
		if (value == null) {
			this.out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			object(map, indent);
		}
		else if (value instanceof List<?> list) {
			array(list, indent);
		}
		else if (value instanceof Boolean bool) {
			this.out.append(bool);
		}
		else if (value instanceof Double || value instanceof Float) {
			this.out.append(number(((Number) value).doubleValue()));
		}
		else if (value instanceof Number number) {
			this.out.append(number);
		}
		else {
			string(value.toString());
		}
	}

	private void object(Map<?, ?> map, int indent) {
		if (map.isEmpty()) {
			this.out.append("{}");
			return;
		}
		this.out.append("{\n");
		Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<?, ?> entry = entries.next();
			indent(indent + 2);
			string(entry.getKey().toString());
			this.out.append(": ");
			value(entry.getValue(), indent + 2);
			this.out.append(entries.hasNext() ? ",\n" : "\n");
		}
		indent(indent);
		this.out.append('}');
	}

	private void array(List<?> list, int indent) {
		if (list.isEmpty()) {
			this.out.append("[]");
			return;
		}
		this.out.append("[\n");
		for (int i = 0; i < list.size(); i++) {
			indent(indent + 2);
			value(list.get(i), indent + 2);
			this.out.append(i < list.size() - 1 ? ",\n" : "\n");
		}
		indent(indent);
		this.out.append(']');
	}

	private void string(String text) {
		this.out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> this.out.append("\\\"");
				case '\\' -> this.out.append("\\\\");
				case '\n' -> this.out.append("\\n");
				case '\r' -> this.out.append("\\r");
				case '\t' -> this.out.append("\\t");
				default -> {
					if (c < 0x20) {
						this.out.append(String.format("\\u%04x", (int) c));
					}
					else {
						this.out.append(c);
					}
				}
			}
		}
		this.out.append('"');
	}

	private void indent(int indent) {
		this.out.append(" ".repeat(indent));
	}

	private static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			throw new IllegalArgumentException("JSON has no " + value);
		}
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

}
