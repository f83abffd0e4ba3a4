package dev.observability.alerting;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Block-style YAML from SnakeYAML in the layout of hand-written Prometheus and
 * Alertmanager files: two-space indent, list items under their key, no line wrapping,
 * multi-line strings (PromQL) as literal blocks. Maps keep their iteration order, so a
 * model of linked maps always gives the same bytes. SnakeYAML decides the quoting.
 */
final class YamlText {

	private YamlText() {
	}

	/**
	 * Writes a model as a YAML document.
	 * @param header comment lines put before the document, without the leading {@code #}
	 * @param model the document: maps with string keys, lists, strings and numbers
	 * @return the YAML text, ending with a newline
	 */
	static String write(List<String> header, Map<String, ?> model) {
		StringBuilder out = new StringBuilder();
		for (String line : header) {
			out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
		}
		return out.append(yaml().dump(model)).toString();
	}

	private static Yaml yaml() {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(FlowStyle.BLOCK);
		options.setIndent(2);
		options.setSplitLines(false);
		options.setDereferenceAliases(true);
		return new Yaml(new LiteralBlockRepresenter(options), options);
	}

	/**
	 * Strings spanning lines as {@code |-} blocks; everything else as SnakeYAML
	 * represents it.
	 */
	private static final class LiteralBlockRepresenter extends Representer {

		LiteralBlockRepresenter(DumperOptions options) {
			super(options);
			this.representers.put(String.class, (data) -> {
				String text = (String) data;
				return representScalar(Tag.STR, text,
						(text.indexOf('\n') >= 0) ? ScalarStyle.LITERAL : ScalarStyle.PLAIN);
			});
		}

	}

}
