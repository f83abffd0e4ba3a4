package dev.observability.context;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The array snapshot keeps the semantics of {@code ContextSnapshotFactory} with
 * {@code clearMissing}: captured values are put in place, missing ones cleared, and the
 * thread's own values come back in reverse order.
 */
class ContextAccessorsTests {

	private final List<String> calls = new ArrayList<>();

	private final Recording first = new Recording("first");

	private final Recording second = new Recording("second");

	private final ContextAccessors accessors = new ContextAccessors(List.of(this.first, this.second));

	@Test
	void putsCapturedValuesInPlaceAndRestoresInReverseOrder() {
		this.first.value = "a";
		this.second.value = "b";
		Object[] captured = this.accessors.capture();
		this.first.value = "worker-a";
		this.second.value = null;
		this.calls.clear();

		Object[] previous = this.accessors.putInPlace(captured);
		assertThat(this.first.value).isEqualTo("a");
		assertThat(this.second.value).isEqualTo("b");
		this.accessors.restore(captured, previous);

		assertThat(this.first.value).isEqualTo("worker-a");
		assertThat(this.second.value).isNull();
		assertThat(this.calls).containsExactly("first.set(a)", "second.set(b)", "second.restore()",
				"first.restore(worker-a)");
	}

	@Test
	void clearsWhatWasNotCapturedAndPutsItBack() {
		Object[] captured = this.accessors.capture();
		this.first.value = "left-behind";

		Object[] previous = this.accessors.putInPlace(captured);
		assertThat(this.first.value).isNull();
		this.accessors.restore(captured, previous);

		assertThat(this.first.value).isEqualTo("left-behind");
		assertThat(this.calls).containsExactly("first.clear()", "first.restore(left-behind)");
	}

	@Test
	void touchesNothingWhenNeitherSideHasAValue() {
		Object[] captured = this.accessors.capture();
		Object[] previous = this.accessors.putInPlace(captured);
		this.accessors.restore(captured, previous);

		assertThat(previous).isNull();
		assertThat(this.calls).isEmpty();
	}

	@Test
	void aFailingAccessorLeavesTheThreadAsItWas() {
		this.first.value = "a";
		this.second.value = "b";
		Object[] captured = this.accessors.capture();
		this.first.value = "worker-a";
		this.second.value = null;
		this.second.failOnSet = true;

		assertThatIllegalStateException().isThrownBy(() -> this.accessors.putInPlace(captured));
		assertThat(this.first.value).isEqualTo("worker-a");
		assertThat(this.second.value).isNull();
	}

	private final class Recording implements ThreadLocalAccessor<String> {

		private final String name;

		String value;

		boolean failOnSet;

		Recording(String name) {
			this.name = name;
		}

		@Override
		public Object key() {
			return this.name;
		}

		@Override
		public String getValue() {
			return this.value;
		}

		@Override
		public void setValue(String value) {
			if (this.failOnSet) {
				throw new IllegalStateException("cannot set");
			}
			ContextAccessorsTests.this.calls.add(this.name + ".set(" + value + ")");
			this.value = value;
		}

		@Override
		public void setValue() {
			ContextAccessorsTests.this.calls.add(this.name + ".clear()");
			this.value = null;
		}

		@Override
		public void restore(String previousValue) {
			ContextAccessorsTests.this.calls.add(this.name + ".restore(" + previousValue + ")");
			this.value = previousValue;
		}

		@Override
		public void restore() {
			ContextAccessorsTests.this.calls.add(this.name + ".restore()");
			this.value = null;
		}

	}

}
