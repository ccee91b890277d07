package dev.neuralode.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void cosineFallsFromBaseToMinimum() {
    CosineSchedule c = new CosineSchedule(0.1, 100, 0.001);
    assertThat(c.lr(0)).isCloseTo(0.1, within(1e-15));
    assertThat(c.lr(50)).isCloseTo(0.0505, within(1e-12));
    assertThat(c.lr(100)).isCloseTo(0.001, within(1e-15));
    assertThat(c.lr(500)).isCloseTo(0.001, within(1e-15));
  }

  @Test
  void stepDecays() {
    StepSchedule s = new StepSchedule(1.0, 10, 0.5);
    assertThat(s.lr(9)).isEqualTo(1.0);
    assertThat(s.lr(10)).isEqualTo(0.5);
    assertThat(s.lr(25)).isEqualTo(0.25);
    assertThat(LrSchedule.constant(0.3).lr(1000)).isEqualTo(0.3);
    assertThatThrownBy(() -> new StepSchedule(1.0, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
