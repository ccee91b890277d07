package dev.neuralode.tensor;

import static dev.neuralode.tensor.OpTableTest.bits;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Autograd#grad} adds a tensor's later cotangents in place into a sum it built for that
 * tensor (without createGraph, outside a capture). These graphs fan out (a tensor used by several
 * ops, twice by one op, asked for as an input while it also passes its cotangent on), so an in-place
 * addition into a shared or already handed-out tensor would change a result; each is compared bit
 * for bit with the recorded backward pass (createGraph), which builds a new tensor per addition.
 */
class GradAccumulationTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void fanOutGradientsEqualTheRecordedBackwardPass(long seed) {
    Rng rng = new Rng(seed);
    Tensor x = rng.normal(4, 3).requireGrad();
    Tensor w = rng.normal(3, 3).requireGrad();
    List<Tensor> without = grads(x, w, false);
    List<Tensor> with = grads(x, w, true);
    for (int i = 0; i < without.size(); i++) {
      assertThat(bits(without.get(i).toArray())).as("gradient %d", i).containsExactly(bits(with.get(i).toArray()));
    }
    // and they are the right gradients (central differences)
    assertThat(GradCheck.check(in -> out(in.get(0), in.get(1)).get(0), List.of(x, w), 1e-6, 7).maxRelError())
        .isLessThan(1e-6);
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5})
  void outputsListedTwiceWithTheirOwnCotangentsLeaveThoseCotangentsAlone(long seed) {
    Rng rng = new Rng(seed);
    Tensor x = rng.normal(4, 3).requireGrad();
    Tensor w = rng.normal(3, 3).requireGrad();
    Tensor y = x.matmul(w).tanh();
    Tensor v1 = rng.normal(4, 3);
    Tensor v2 = rng.normal(4, 3);
    long[] v1Bits = bits(v1.toArray());
    long[] v2Bits = bits(v2.toArray());
    List<Tensor> without = Autograd.grad(List.of(y, y, y), List.of(x, w), List.of(v1, v2, v1), false);
    List<Tensor> with = Autograd.grad(List.of(y, y, y), List.of(x, w), List.of(v1, v2, v1), true);
    for (int i = 0; i < without.size(); i++) {
      assertThat(bits(without.get(i).toArray())).as("gradient %d", i).containsExactly(bits(with.get(i).toArray()));
    }
    assertThat(bits(v1.toArray())).containsExactly(v1Bits);
    assertThat(bits(v2.toArray())).containsExactly(v2Bits);
  }

  /** Gradients of the graph's output with respect to [t, x, w], t an intermediate tensor. */
  private static List<Tensor> grads(Tensor x, Tensor w, boolean createGraph) {
    List<Tensor> graph = out(x, w);
    return Autograd.grad(List.of(graph.get(0)), List.of(graph.get(1), x, w), null, createGraph);
  }

  /** The output and the intermediate t. */
  private static List<Tensor> out(Tensor x, Tensor w) {
    Tensor t = x.tanh();
    Tensor u = t.add(t); // one op using t twice: the same cotangent object for both inputs
    Tensor v = u.mul(t).add(t.mul(3.0)).add(u); // t and u used again
    Tensor z = t.matmul(w).add(x.mul(w.sum())); // x and w used twice
    Tensor p = t.mul(2.0);
    Tensor q = t.add(1.0);
    Tensor r = p.mul(3.0).add(q.square()); // p and q have users before and after the sum below
    Tensor s = p.add(q); // one cotangent object for both p and q
    Tensor o = v.sum().add(z.square().sum()).add(t.sum()).add(s.tanh().sum()).add(r.sum()).add(p.mul(q).sum());
    // the backward pass reaches a + b (one cotangent object for both) before a's other user and
    // b's: an addition into a's sum in place would change b's
    Tensor a = t.mul(-1.5);
    Tensor b = t.add(-0.25);
    Tensor late = b.square().sum().add(a.sum()).add(a.add(b).sum());
    return List.of(o.add(late), t);
  }
}
