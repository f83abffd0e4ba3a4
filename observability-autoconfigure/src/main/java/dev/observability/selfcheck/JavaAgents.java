package dev.observability.selfcheck;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which of the known Java agents run in this JVM, and how each was seen: a
 * {@code -javaagent:} argument naming its jar (also when it came from
 * {@code JAVA_TOOL_OPTIONS}), or its bootstrap class on the system class path (an agent
 * attached at runtime, or a renamed jar).
 *
 * @param found each detected agent with the evidence, in {@link JavaAgent} order
 */
public record JavaAgents(Map<JavaAgent, String> found) {

	private static final String JAVAAGENT = "-javaagent:";

	public JavaAgents {
		found = Map.copyOf(found);
	}

	/**
	 * Looks at this JVM: its input arguments and its system class loader.
	 * @return the agents found
	 */
	public static JavaAgents detect() {
		List<String> arguments;
		try {
			arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
		}
		catch (RuntimeException | LinkageError ex) {
			arguments = List.of();
		}
		ClassLoader system = ClassLoader.getSystemClassLoader();
		return detect(arguments, (name) -> isPresent(name, system));
	}

	/**
	 * Looks at the given JVM arguments and classes.
	 * @param jvmArguments the JVM's input arguments
	 * @param classPresent whether a class is on the system class path
	 * @return the agents found
	 */
	public static JavaAgents detect(List<String> jvmArguments, Predicate<String> classPresent) {
		Map<JavaAgent, String> found = new EnumMap<>(JavaAgent.class);
		for (String argument : jvmArguments) {
			if (argument != null && argument.startsWith(JAVAAGENT)) {
				String path = jarPath(argument.substring(JAVAAGENT.length()));
				for (JavaAgent agent : JavaAgent.values()) {
					if (agent.isJar(path)) {
						found.putIfAbsent(agent, JAVAAGENT + path);
					}
				}
			}
		}
		for (JavaAgent agent : JavaAgent.values()) {
			if (!found.containsKey(agent) && classPresent.test(agent.bootstrapClass())) {
				found.put(agent, "class " + agent.bootstrapClass());
			}
		}
		return new JavaAgents(found);
	}

	/**
	 * Whether an agent runs.
	 * @param agent the agent
	 * @return true when found
	 */
	public boolean contains(JavaAgent agent) {
		return this.found.containsKey(agent);
	}

	/** Whether none of the known agents runs. */
	public boolean isEmpty() {
		return this.found.isEmpty();
	}

	/**
	 * The agents found, in {@link JavaAgent} order.
	 * @return the agents
	 */
	public List<JavaAgent> agents() {
		List<JavaAgent> agents = new ArrayList<>();
		for (JavaAgent agent : JavaAgent.values()) {
			if (this.found.containsKey(agent)) {
				agents.add(agent);
			}
		}
		return agents;
	}

	/** The jar path of {@code path=options}. */
	private static String jarPath(String value) {
		int options = value.indexOf('=');
		return (options >= 0) ? value.substring(0, options) : value;
	}

	private static boolean isPresent(String name, ClassLoader loader) {
		try {
			Class.forName(name, false, loader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
