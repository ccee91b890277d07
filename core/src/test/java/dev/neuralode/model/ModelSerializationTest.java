package dev.neuralode.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.data.Standardizer;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.tensor.Rng;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model descriptions travel as Java-serialised plain data (as a Spark task ships them) and rebuild equal. */
class ModelSerializationTest {

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void seriesAndFlowModelsSurviveSerialisationAndPredictTheSameBits() throws Exception {
    OdeMlpModel series = ModelDescriptionTest.series(new Mlp(2, new int[] {4}, 2, Activation.TANH, false, new Rng(3)));
    OdeMlpModel back = roundTrip(series);
    assertThat(back).isEqualTo(series);
    double[] times = {1900, 1905, 1912};
    double[][] a = series.build().predict(times);
    double[][] b = back.build().predict(times);
    for (int i = 0; i < times.length; i++) {
      assertThat(b[i]).containsExactly(a[i]);
    }
    CnfModel flow = CnfModel.from(List.of("x", "y"),
        new Standardizer(new double[] {1, 2}, new double[] {3, 4}), ModelDescriptionTest.flow());
    assertThat(roundTrip(flow)).isEqualTo(flow);
  }

  @Test
  void predictWithStatsReportsTheSolvesWork() {
    OdeMlpModel series = ModelDescriptionTest.series(new Mlp(2, new int[] {4}, 2, Activation.TANH, false, new Rng(3)));
    SeriesPredictor.Prediction p = series.build().predictWithStats(new double[] {30, 4}, 1905,
        new double[] {1900, 1905, 1912});
    assertThat(p.states()[1]).containsExactly(30, 4);
    assertThat(p.stats().nfe()).isPositive();
    assertThat(p.states()[2]).containsExactly(series.build().predict(new double[] {30, 4}, 1905,
        new double[] {1912})[0]);
  }
}
