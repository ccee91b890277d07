package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.GradCheck;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv2d, GroupNorm, ConcatConv2d, the ODE-Net dynamics and the residual block. */
class ConvLayersTest {

  @Test
  void conv2dHasPyTorchDefaultInitAndShapes() {
    Conv2d conv = new Conv2d(3, 8, 3, 2, 1, true, new Rng(1));
    assertThat(conv.namedParameters().keySet()).containsExactly("weight", "bias");
    assertThat(conv.weight().shape()).containsExactly(8, 3, 3, 3);
    double bound = 1.0 / Math.sqrt(27);
    Tensor w = conv.weight().value();
    assertThat(java.util.Arrays.stream(w.abs().toArray()).max().getAsDouble()).isLessThanOrEqualTo(bound);
    assertThat(w.abs().mean().item()).isCloseTo(bound / 2, within(bound * 0.15));
    assertThat(conv.forward(Tensor.zeros(2, 3, 28, 28)).shape()).containsExactly(2, 8, 14, 14);
    // same seed, same layer
    assertThat(new Conv2d(3, 8, 3, 2, 1, true, new Rng(1)).flatParameters()).containsExactly(conv.flatParameters());
    assertThatThrownBy(() -> new Conv2d(3, 8, 0, 1, 0, true, new Rng(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel=0");
  }

  @Test
  void groupNormStartsAsPlainStandardisation() {
    GroupNorm gn = new GroupNorm(2, 4);
    Tensor x = new Rng(2).normal(3, 4, 5, 5).mul(4.0).add(2.0);
    Tensor y = gn.forward(x);
    assertThat(y.mean().item()).isCloseTo(0.0, within(1e-12));
    assertThat(y.square().mean().item()).isCloseTo(1.0, within(1e-4));
    assertThatThrownBy(() -> new GroupNorm(3, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groups=3");
  }

  @Test
  void concatConv2dSeesTheTimeAndPassesItsGradient() {
    ConcatConv2d layer = new ConcatConv2d(2, 3, 3, 1, 1, new Rng(3));
    assertThat(layer.namedParameters().keySet()).containsExactly("conv.weight", "conv.bias");
    assertThat(layer.namedParameters().get("conv.weight").shape()).containsExactly(3, 3, 3, 3);
    Tensor x = new Rng(4).normal(2, 2, 4, 4);
    Tensor a = layer.forward(Tensor.scalar(0.0), x);
    Tensor b = layer.forward(Tensor.scalar(1.0), x);
    assertThat(a.sub(b).abs().sum().item()).as("time matters").isGreaterThan(1e-3);
    GradCheck.Result r = GradCheck.check(in -> layer.forward(in.get(0), in.get(1)), List.of(Tensor.scalar(0.3), x),
        1e-6, 5);
    assertThat(r.maxRelError()).isLessThan(1e-6);
  }

  @Test
  void odeFunctionAndResBlockKeepTheShapeAndDifferentiate() {
    Rng rng = new Rng(5);
    ConvOdeFunction f = new ConvOdeFunction(4, 2, rng);
    assertThat(f.namedParameters().keySet()).containsExactly("norm1.weight", "norm1.bias", "conv1.conv.weight",
        "conv1.conv.bias", "norm2.weight", "norm2.bias", "conv2.conv.weight", "conv2.conv.bias", "norm3.weight",
        "norm3.bias");
    Tensor z = new Rng(6).normal(2, 4, 5, 5);
    assertThat(f.apply(Tensor.scalar(0.5), z).shape()).containsExactly(2, 4, 5, 5);
    ResBlock block = new ResBlock(4, 2, new Rng(7));
    assertThat(block.parameterCount()).isEqualTo(2 * 4 * 4 * 9 + 2 * 8);
    Tensor y = block.forward(z);
    assertThat(y.shape()).containsExactly(2, 4, 5, 5);
    List<Tensor> grads = Autograd.grad(y.square().sum(), block.parameterValues());
    assertThat(grads).allSatisfy(g -> assertThat(g.isFinite()).isTrue());
    GradCheck.Result r = GradCheck.check(in -> f.apply(Tensor.scalar(0.2), in.get(0)), List.of(z), 1e-6, 8);
    assertThat(r.maxRelError()).isLessThan(1e-5);
  }
}
