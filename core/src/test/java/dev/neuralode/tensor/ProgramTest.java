package dev.neuralode.tensor;

import static dev.neuralode.tensor.OpTableTest.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A captured program replays every op of the table, with its first-order VJP recorded for higher
 * derivatives (which brings in the constant masks), bit for bit as the eager ops give them on new
 * input values; second-order derivatives replay too; functions that read values into Java or run a
 * custom op are refused.
 */
class ProgramTest {
  static Stream<org.junit.jupiter.params.provider.Arguments> ops() {
    return OpTableTest.ops();
  }

  /** y = f(x) and the VJPs of Σ y·w with respect to every input, recorded (createGraph). */
  private static List<Tensor> withVjp(Function<List<Tensor>, Tensor> f, List<Tensor> x) {
    List<Tensor> xs = x.stream().map(t -> t.detach().requireGrad()).toList();
    Tensor y = f.apply(xs);
    Tensor w = y.mul(0.0).add(1.0).add(y.detach().mul(0.0)).mul(new Rng(5).uniform(0.5, 1.5, y.shape()));
    List<Tensor> out = new ArrayList<>();
    out.add(y);
    out.addAll(Autograd.grad(List.of(y.mul(w).sum()), xs, null, true));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void replayEqualsTheEagerOpAndItsVjpOnNewInputs(String name, OpKind kind, Function<List<Tensor>, Tensor> f,
      Consumer<Op> attributes, int[][] shapes) {
    Rng rng = new Rng(name.hashCode());
    List<Tensor> first = Stream.of(shapes).map(s -> rng.uniform(0.1, 2.0, s)).toList();
    List<Tensor> second = Stream.of(shapes).map(s -> rng.uniform(-2.0, 2.0, s).abs().add(0.05)).toList();
    if (kind == OpKind.SOFTMAX_CROSS_ENTROPY) {
      // its VJP reads the row maxima into Java (a shift that keeps e^z finite), so it is refused
      assertThatThrownBy(() -> Program.capture(first, x -> withVjp(f, x)))
          .hasMessageContaining("reads a traced value");
      assertThat(Program.capture(first, x -> List.of(f.apply(x))).program().apply(second.toArray(new Tensor[0]))
          .get(0).toArray()).containsExactly(f.apply(second).toArray());
      return;
    }
    Program.Captured c = Program.capture(first, x -> withVjp(f, x));
    assertThat(c.program().kinds()).contains(kind);
    List<Tensor> eager = withVjp(f, second);
    List<Tensor> replay = c.program().apply(second.toArray(new Tensor[0]));
    assertThat(replay).hasSameSizeAs(eager);
    for (int k = 0; k < eager.size(); k++) {
      assertThat(replay.get(k).shape()).containsExactly(eager.get(k).shape());
      assertThat(bits(replay.get(k).toArray())).as("output %d", k).containsExactly(bits(eager.get(k).toArray()));
      assertThat(replay.get(k).requiresGrad()).isFalse();
    }
  }

  /** ∂/∂W of Σ v·∂/∂x Σ tanh(x·Wᵀ + b)² : a second-order derivative through matmul, tanh and broadcasting. */
  private static List<Tensor> secondOrder(List<Tensor> in) {
    Tensor x = in.get(0).detach().requireGrad();
    Tensor w = in.get(1).detach().requireGrad();
    Tensor b = in.get(2).detach().requireGrad();
    Tensor h = x.matmul(w, false, true).add(b).tanh();
    Tensor gx = Autograd.grad(List.of(h.square().sum()), List.of(x), null, true).get(0);
    Tensor v = in.get(3);
    return Autograd.grad(List.of(gx.mul(v).sum()), List.of(w, b), null, false);
  }

  @Test
  void secondOrderDerivativesReplayBitForBit() {
    Rng rng = new Rng(21);
    List<Tensor> a = List.of(rng.normal(6, 3), rng.normal(5, 3), rng.normal(5), rng.normal(6, 3));
    List<Tensor> b = List.of(rng.normal(6, 3), rng.normal(5, 3), rng.normal(5), rng.normal(6, 3));
    Program p = Program.capture(a, ProgramTest::secondOrder).program();
    List<Tensor> eager = secondOrder(b);
    List<Tensor> replay = p.apply(b.toArray(new Tensor[0]));
    for (int k = 0; k < eager.size(); k++) {
      assertThat(bits(replay.get(k).toArray())).containsExactly(bits(eager.get(k).toArray()));
    }
    // the captured run's outputs are the eager ones, and run() reuses its buffers
    double[][] first = p.run(a.get(0).toArray(), a.get(1).toArray(), a.get(2).toArray(), a.get(3).toArray());
    double[][] again = p.run(b.get(0).toArray(), b.get(1).toArray(), b.get(2).toArray(), b.get(3).toArray());
    assertThat(again[0]).isSameAs(first[0]);
  }

  @Test
  void constantsAreReadByReferenceAndInputsByValue() {
    Tensor c = Tensor.vector(1, 2, 3);
    Program p = Program.capture(List.of(Tensor.vector(0, 0, 0)), x -> List.of(x.get(0).mul(c).exp())).program();
    assertThat(p.apply(Tensor.vector(1, 1, 1)).get(0).toArray())
        .containsExactly(Math.exp(1), Math.exp(2), Math.exp(3));
    assertThat(p.size()).isEqualTo(2);
  }

  @Test
  void functionsThatReadValuesOrRunCustomOpsAreRefused() {
    List<Tensor> in = List.of(Tensor.vector(1, 2));
    assertThatThrownBy(() -> Program.capture(in, x -> List.of(x.get(0).mul(x.get(0).sum().item()))))
        .isInstanceOf(Program.NotCapturable.class).hasMessageStartingWith("cannot capture")
        .hasMessageContaining("reads a traced value");
    assertThatThrownBy(() -> Program.capture(in, x -> Program.capture(x, y -> y).outputs()))
        .isInstanceOf(Program.NotCapturable.class).hasMessageContaining("captures do not nest");
    assertThatThrownBy(() -> Program.capture(in, x -> List.of(Tensor.of(x.get(0).exp().toArray(), 2))))
        .hasMessageContaining("reads a traced value");
    assertThatThrownBy(() -> Program.capture(in, x -> List.of(Autograd.custom("twice", x.get(0).mul(2.0),
        List.of(x.get(0)), g -> List.of(g.mul(2.0))))))
        .hasMessageStartingWith("cannot capture").hasMessageContaining("custom op 'twice'");
    // reading a constant (not derived from the inputs) is fine
    Tensor k = Tensor.vector(3, 4);
    assertThat(Program.capture(in, x -> List.of(x.get(0).mul(k.sum().item()))).program()
        .apply(Tensor.vector(1, 1)).get(0).toArray()).containsExactly(7, 7);
  }

  /** A replayable custom op: y = x³ computed inside, its VJP 3x²·g by tensor operations; and ∂(Σ y·x)/∂x. */
  private static List<Tensor> cube(List<Tensor> in) {
    Tensor x = in.get(0).detach().requireGrad();
    Tensor inner = x.detach().requireGrad();
    Tensor value = inner.pow(3.0);
    Tensor y = Autograd.custom("cube", value, List.of(x), g -> List.of(g.mul(x.square()).mul(3.0)), true);
    return List.of(y, Autograd.grad(List.of(y.mul(x).sum()), List.of(x), null, false).get(0));
  }

  @Test
  void replayableCustomOpsAreCapturedWithTheirVjp() {
    List<Tensor> first = List.of(Tensor.vector(1, 2, 3));
    List<Tensor> second = List.of(Tensor.vector(-0.5, 4, 0.25));
    Program p = Program.capture(first, ProgramTest::cube).program();
    List<Tensor> eager = cube(second);
    List<Tensor> replay = p.apply(second.toArray(new Tensor[0]));
    for (int k = 0; k < 2; k++) {
      assertThat(bits(replay.get(k).toArray())).containsExactly(bits(eager.get(k).toArray()));
    }
    assertThat(replay.get(1).toArray()).containsExactly(-0.5, 256.0, 0.0625);
  }

  @Test
  void runRejectsWrongInputs() {
    Program p = Program.capture(List.of(Tensor.vector(1, 2)), x -> List.of(x.get(0).neg())).program();
    assertThatThrownBy(() -> p.run(new double[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputs[0] must hold 2 values; got 3");
    assertThatThrownBy(() -> p.run()).hasMessageContaining("takes 1 inputs; got 0");
    assertThat(p.outputShape(0)).containsExactly(2);
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> broadcasts() {
    int[][][] pairs = {
        {{3, 4}, {4}}, {{4}, {3, 4}}, {{3, 4}, {1, 4}}, {{1, 4}, {3, 4}}, {{2, 3, 4}, {3, 4}},
        {{2, 3, 4}, {1, 1, 4}}, {{3, 4}, {1}}, {{3, 4}, {}}, {{}, {3, 4}}, {{3, 4}, {3, 1}}, {{3, 1}, {1, 4}},
        {{1, 1, 4}, {3, 4}}};
    List<org.junit.jupiter.params.provider.Arguments> args = new ArrayList<>();
    for (OpKind kind : List.of(OpKind.ADD, OpKind.SUB, OpKind.MUL, OpKind.DIV, OpKind.MAXIMUM)) {
      for (int[][] p : pairs) {
        args.add(org.junit.jupiter.params.provider.Arguments.of(kind, p[0], p[1]));
      }
    }
    return args.stream();
  }

  /**
   * Broadcast binary ops (a bias row repeated over rows, a scalar, and the general case), with their
   * VJPs, replay bit for bit, whichever operand is broadcast.
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("broadcasts")
  void broadcastBinaryOpsReplayBitForBit(OpKind kind, int[] a, int[] b) {
    Function<List<Tensor>, Tensor> f = x -> switch (kind) {
      case ADD -> x.get(0).add(x.get(1));
      case SUB -> x.get(0).sub(x.get(1));
      case MUL -> x.get(0).mul(x.get(1));
      case DIV -> x.get(0).div(x.get(1));
      default -> x.get(0).maximum(x.get(1));
    };
    Rng rng = new Rng(java.util.Arrays.deepHashCode(new int[][] {a, b}) + kind.ordinal());
    List<Tensor> first = List.of(rng.uniform(0.1, 2.0, a), rng.uniform(0.1, 2.0, b));
    List<Tensor> second = List.of(rng.uniform(-2.0, 2.0, a), rng.uniform(0.3, 2.0, b));
    Program p = Program.capture(first, x -> withVjp(f, x)).program();
    List<Tensor> eager = withVjp(f, second);
    List<Tensor> replay = p.apply(second.toArray(new Tensor[0]));
    for (int k = 0; k < eager.size(); k++) {
      assertThat(replay.get(k).shape()).containsExactly(eager.get(k).shape());
      assertThat(bits(replay.get(k).toArray())).as("output %d", k).containsExactly(bits(eager.get(k).toArray()));
    }
  }

  @Test
  void rowsRepeatOnlyOverLeadingAxes() {
    assertThat(Program.repeatsRow(new int[] {4}, new int[] {3, 4})).isTrue();
    assertThat(Program.repeatsRow(new int[] {1, 4}, new int[] {3, 4})).isTrue();
    assertThat(Program.repeatsRow(new int[] {}, new int[] {3, 4})).isTrue();
    assertThat(Program.repeatsRow(new int[] {3, 1}, new int[] {3, 4})).isFalse();
    assertThat(Program.repeatsRow(new int[] {1, 1, 4}, new int[] {3, 4})).isFalse();
    assertThat(Program.repeatsRow(new int[] {2, 4}, new int[] {3, 4})).isFalse();
  }
}
