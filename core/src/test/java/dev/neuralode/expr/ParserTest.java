package dev.neuralode.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expression language: precedence, associativity, functions, values and error columns. */
class ParserTest {

  private static final List<String> NAMES = List.of("t", "x", "v", "mu");

  private static String tree(String text) {
    return Parser.parse(text, NAMES).toString();
  }

  /** Evaluates with t = 0.5, x = 3, v = -2, mu = 1.5. */
  private static double value(String text) {
    Tensor[] slots = {Tensor.scalar(0.5), Tensor.scalar(3), Tensor.scalar(-2), Tensor.scalar(1.5)};
    return Parser.parse(text, NAMES).eval(slots).item();
  }

  private static ExprException error(String text) {
    try {
      Parser.parse(text, NAMES);
    } catch (ExprException e) {
      return e;
    }
    throw new AssertionError("no error for " + text);
  }

  @Test
  void multiplicationBindsTighterThanAddition() {
    assertThat(tree("1 + 2 * x")).isEqualTo("(1 + (2 * x))");
    assertThat(tree("(1 + 2) * x")).isEqualTo("((1 + 2) * x)");
    assertThat(value("1 + 2 * x - v / 4")).isEqualTo(1 + 2 * 3 + 0.5);
  }

  @Test
  void binaryOperatorsAreLeftAssociativeExceptPower() {
    assertThat(tree("x - v - 1")).isEqualTo("((x - v) - 1)");
    assertThat(tree("x / v / 2")).isEqualTo("((x / v) / 2)");
    assertThat(tree("2 ^ 3 ^ 2")).isEqualTo("(2 ^ (3 ^ 2))");
    assertThat(value("2 ^ 3 ^ 2")).isEqualTo(512.0);
    assertThat(value("8 - 3 - 2")).isEqualTo(3.0);
    assertThat(value("8 / 4 / 2")).isEqualTo(1.0);
  }

  @Test
  void unaryMinusBindsLooserThanPower() {
    assertThat(tree("-x^2")).isEqualTo("(-(x ^ 2))");
    assertThat(value("-x^2")).isEqualTo(-9.0);
    assertThat(value("(-x)^2")).isEqualTo(9.0);
    assertThat(tree("x^-2")).isEqualTo("(x ^ (-2))");
    assertThat(value("x^-2")).isCloseTo(1.0 / 9, within(1e-15));
    assertThat(tree("2*-x")).isEqualTo("(2 * (-x))");
    assertThat(tree("--x")).isEqualTo("(-(-x))");
    assertThat(value("+x")).isEqualTo(3.0);
    assertThat(value("v^3")).isEqualTo(-8.0);
  }

  @Test
  void numbersConstantsAndNames() {
    assertThat(value("1e-3")).isEqualTo(1e-3);
    assertThat(value("2.5E+2")).isEqualTo(250.0);
    assertThat(value(".5")).isEqualTo(0.5);
    assertThat(value("pi")).isEqualTo(Math.PI);
    assertThat(value("e")).isEqualTo(Math.E);
    assertThat(value("mu*(1-x*x)*v - x")).isEqualTo(1.5 * (1 - 9) * -2 - 3);
    assertThat(value("t")).isEqualTo(0.5);
  }

  @Test
  void functions() {
    assertThat(value("sin(x)")).isEqualTo(Math.sin(3));
    assertThat(value("cos(t)")).isEqualTo(Math.cos(0.5));
    assertThat(value("tan(t)")).isCloseTo(Math.tan(0.5), within(1e-15));
    assertThat(value("exp(v)")).isEqualTo(Math.exp(-2));
    assertThat(value("log(x)")).isEqualTo(Math.log(3));
    assertThat(value("sqrt(x)")).isEqualTo(Math.sqrt(3));
    assertThat(value("tanh(v)")).isCloseTo(Math.tanh(-2), within(2 * Math.ulp(1.0)));
    assertThat(value("abs(v)")).isEqualTo(2.0);
    assertThat(value("sigmoid(0)")).isEqualTo(0.5);
    assertThat(value("min(x, v)")).isEqualTo(-2.0);
    assertThat(value("max(x, v)")).isEqualTo(3.0);
    assertThat(value("pow(x, 2)")).isEqualTo(9.0);
    assertThat(value("x ^ mu")).isCloseTo(Math.pow(3, 1.5), within(1e-14));
    assertThat(value("-sin(pi/2)^2")).isCloseTo(-1.0, within(1e-15));
  }

  @Test
  void evaluationIsDifferentiable() {
    Tensor x = Tensor.scalar(3).requireGrad();
    Tensor mu = Tensor.scalar(1.5).requireGrad();
    Tensor[] slots = {Tensor.scalar(0), x, Tensor.scalar(-2), mu};
    Tensor y = Parser.parse("mu * x^2 + sin(x) + x^mu", NAMES).eval(slots);
    List<Tensor> g = Autograd.grad(y, List.of(x, mu));
    assertThat(g.get(0).item()).isCloseTo(2 * 1.5 * 3 + Math.cos(3) + 1.5 * Math.sqrt(3),
        within(1e-12));
    assertThat(g.get(1).item()).isCloseTo(9 + Math.pow(3, 1.5) * Math.log(3), within(1e-12));
  }

  @Test
  void broadcastsColumnsAndScalars() {
    Tensor col = Tensor.of(new double[] {1, 2, 3}, 3, 1);
    Tensor[] slots = {Tensor.scalar(2), col, col, Tensor.scalar(10)};
    Tensor y = Parser.parse("mu*x + t", NAMES).eval(slots);
    assertThat(y.shape()).containsExactly(3, 1);
    assertThat(y.toArray()).containsExactly(12, 22, 32);
  }

  @Test
  void unknownNamesAreReportedWithTheirColumnAndTheKnownNames() {
    ExprException e = error("mu*(1-x*x)*v - mu2");
    assertThat(e.column()).isEqualTo(16);
    assertThat(e.getMessage()).isEqualTo("column 16: unknown name 'mu2'; known names: t, x, v,"
        + " mu (constants: pi, e)");
    assertThat(e.withContext("--rhs expression 2")).startsWith(
        "--rhs expression 2, column 16: unknown name 'mu2'");
    assertThat(error("foo(x)").problem()).startsWith("unknown function 'foo'; functions: sin,");
    assertThat(error("x + sin").problem()).contains("'sin' is a function");
  }

  @Test
  void syntaxErrorsAreReportedWithTheirColumn() {
    assertThat(error("(x + 1").column()).isEqualTo(7);
    assertThat(error("(x + 1").problem()).contains("expected ')' to close the '(' at column 1");
    assertThat(error("x + * v").column()).isEqualTo(5);
    assertThat(error("x + ").column()).isEqualTo(5);
    assertThat(error("x v").column()).isEqualTo(3);
    assertThat(error("x v").problem()).contains("is an operator such as '*' missing");
    assertThat(error("x)").column()).isEqualTo(2);
    assertThat(error("2x").problem()).startsWith("malformed number '2x'");
    assertThat(error("1e").problem()).startsWith("malformed number '1e'");
    assertThat(error("1.2.3").column()).isEqualTo(1);
    assertThat(error("x # 1").column()).isEqualTo(3);
    assertThat(error("x = 1").problem()).contains("no '='");
    assertThat(error("   ").problem()).startsWith("empty expression");
    assertThat(error("max(x)").problem()).isEqualTo("max takes 2 arguments but was given 1");
    assertThat(error("sin(x, v)").column()).isEqualTo(1);
    assertThat(error("sin()").problem()).isEqualTo("sin takes 1 argument but was given 0");
  }

  @Test
  void namesShadowConstantsButNotFunctions() {
    Expr ex = Parser.parse("e + 1", List.of("t", "e"));
    assertThat(ex.eval(new Tensor[] {Tensor.scalar(0), Tensor.scalar(5)}).item()).isEqualTo(6.0);
    assertThatThrownBy(() -> OdeSystem.checkName("--vars name 1", "sin"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is reserved");
    assertThatThrownBy(() -> OdeSystem.checkName("--vars name 1", "1x"))
        .hasMessageContaining("is not a name");
  }
}
