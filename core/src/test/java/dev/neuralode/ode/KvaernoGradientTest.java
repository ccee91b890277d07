package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Direct gradients through Kvaerno5 against closed forms and against dopri5. */
class KvaernoGradientTest {
  private static final Solver TIGHT =
      Solver.builder().method("kvaerno5").rtol(1e-11).atol(1e-13).build();

  @Test
  void linearDecayGradients() {
    // u' = p·u, L = u(T) = u0·e^(pT): dL/du0 = e^(pT), dL/dp = T·u0·e^(pT).
    Tensor p = Tensor.scalar(-0.7).requireGrad();
    Tensor u0 = Tensor.vector(1.5).requireGrad();
    OdeResult r = Odeint.solve((t, u) -> u.mul(p), u0, new double[] {0.0, 0.5, 2.0}, TIGHT);
    List<Tensor> g = Autograd.grad(r.ys().index(2).sum(), List.of(u0, p));
    double e = Math.exp(-0.7 * 2.0);
    assertThat(g.get(0).item()).isCloseTo(e, within(1e-9));
    assertThat(g.get(1).item()).isCloseTo(2.0 * 1.5 * e, within(1e-9));
  }

  @Test
  void stiffLinearSystemGradientMatchesClosedForm() {
    // y1' = −p·y1, y2' = p·y1 − q·y2 with q = 1000, y(0) = (1, 0):
    // y2(T) = p/(q−p)·(e^(−pT) − e^(−qT)), so ∂y2/∂p = q/(q−p)²·(e^(−pT) − e^(−qT)) − p/(q−p)·T·e^(−pT).
    double q = 1000.0;
    double pv = 0.5;
    Tensor p = Tensor.scalar(pv).requireGrad();
    OdeFunction f = (t, y) -> {
      Tensor y1 = y.slice(0, 0, 1);
      Tensor y2 = y.slice(0, 1, 2);
      return Tensor.concat(0, y1.mul(p).neg(), y1.mul(p).sub(y2.mul(q)));
    };
    double tEnd = 1.0;
    ImplicitResult r = Kvaerno5.solve(f, Tensor.vector(1.0, 0.0), new double[] {0.0, tEnd}, TIGHT);
    double ep = Math.exp(-pv * tEnd);
    double eq = Math.exp(-q * tEnd);
    assertThat(r.result().ys().get(1, 1)).isCloseTo(pv / (q - pv) * (ep - eq), within(1e-12));
    double expected = q / ((q - pv) * (q - pv)) * (ep - eq) - pv / (q - pv) * tEnd * ep;
    double got = Autograd.grad(r.result().ys().index(1).slice(0, 1, 2).sum(), List.of(p)).get(0).item();
    assertThat(got).isCloseTo(expected, within(1e-10));
    System.out.printf("stiff linear dy2/dp: kvaerno5 %.15g, closed form %.15g; %s %s%n", got, expected,
        r.result().stats(), r.implicitStats());
  }

  @Test
  void mlpParameterGradientsAgreeWithDopri5() {
    Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.TANH, true, new Rng(5));
    Tensor y0 = Tensor.of(new double[] {0.5, -0.3, 1.0, 0.2}, 2, 2).requireGrad();
    double[] t = {0.0, 0.5, 1.0};
    List<Tensor> params = new ArrayList<>(mlp.parameters().stream().map(x -> x.value()).toList());
    params.add(y0);
    List<Tensor> implicit = Autograd.grad(Odeint.solve(mlp, y0, t, TIGHT).ys().square().sum(), params);
    List<Tensor> explicit = Autograd.grad(Odeint.solve(mlp, y0, t,
        Solver.builder().rtol(1e-11).atol(1e-13).build()).ys().square().sum(), params);
    for (int i = 0; i < params.size(); i++) {
      for (int k = 0; k < params.get(i).size(); k++) {
        double e = explicit.get(i).getFlat(k);
        assertThat(implicit.get(i).getFlat(k)).isCloseTo(e, within(1e-7 * (1.0 + Math.abs(e))));
      }
    }
  }

  @Test
  void nothingIsRecordedWithoutGradients() {
    OdeResult r = Odeint.solve((t, y) -> y.neg(), Tensor.vector(1.0), new double[] {0.0, 1.0}, TIGHT);
    assertThat(r.ys().requiresGrad()).isFalse();
  }
}
