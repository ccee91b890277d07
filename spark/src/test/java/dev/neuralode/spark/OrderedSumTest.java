package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.tensor.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderedSumTest {

  @Test
  void theTotalDoesNotDependOnTheOrderOfAdditionsAndMerges() {
    int partitions = 13;
    Rng rng = new Rng(5);
    double[][] v = new double[partitions][3];
    for (double[] row : v) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rng.normal() * Math.pow(10, 8 * rng.uniform() - 4);
      }
    }
    double[] reference = null;
    Random shuffle = new Random(1);
    for (int trial = 0; trial < 50; trial++) {
      List<Integer> order = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        order.add(p);
      }
      Collections.shuffle(order, shuffle);
      // split the partitions into random groups, sum each group, then merge the groups in random order
      List<OrderedSum> groups = new ArrayList<>();
      OrderedSum current = OrderedSum.empty(3);
      for (int p : order) {
        current = current.plus(p, v[p]);
        if (shuffle.nextInt(3) == 0) {
          groups.add(current);
          current = OrderedSum.empty(3);
        }
      }
      groups.add(current);
      Collections.shuffle(groups, shuffle);
      OrderedSum all = OrderedSum.empty(3);
      for (OrderedSum g : groups) {
        all = shuffle.nextBoolean() ? all.merge(g) : g.merge(all);
      }
      double[] total = all.total();
      if (reference == null) {
        reference = total;
      }
      assertThat(total).containsExactly(reference);
    }
    double[] plain = new double[3];
    for (double[] row : v) {
      for (int i = 0; i < 3; i++) {
        plain[i] += row[i];
      }
    }
    for (int i = 0; i < 3; i++) {
      assertThat(reference[i]).isCloseTo(plain[i], org.assertj.core.data.Offset.offset(1e-9 * Math.abs(plain[i]) + 1e-12));
    }
  }

  @Test
  void aPartitionAddedTwiceIsRejected() {
    OrderedSum s = OrderedSum.empty(1).plus(2, new double[] {1});
    assertThatThrownBy(() -> s.plus(2, new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.plus(0, new double[] {1, 2})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 1");
  }
}
