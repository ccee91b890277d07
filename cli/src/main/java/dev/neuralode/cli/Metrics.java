package dev.neuralode.cli;

/**
 * The figures of a fit in data units: the in-sample RMSE over the training rows, the mean-only
 * baseline (each column's mean over all rows), and on the held-out rows the validation RMSE and
 * that of two naive forecasts, persistence (each series' last training value) and each series'
 * training mean.
 *
 * @param rmse the in-sample RMSE over all training values
 * @param baseline the RMSE of predicting each column's mean over all rows, over all rows
 * @param perColumn the in-sample RMSE per column
 * @param perColumnBaseline the baseline RMSE per column
 * @param noise the in-sample residual RMS per column
 * @param validation the RMSE over the held-out values (NaN without validation)
 * @param persistence the held-out RMSE of persistence
 * @param validationMean the held-out RMSE of each series' training mean
 * @param trainingRows the training rows of all series
 * @param validationRows the held-out rows of all series
 */
record Metrics(double rmse, double baseline, double[] perColumn, double[] perColumnBaseline,
    double[] noise, double validation, double persistence, double validationMean,
    int trainingRows, int validationRows) {

  static Metrics of(FitData fd, double[][][] fit) {
    int d = fd.names().size();
    double[] mean = new double[d];
    int all = 0;
    for (FitData.Group g : fd.groups()) {
      for (double[] x : g.x()) {
        for (int j = 0; j < d; j++) {
          mean[j] += x[j];
        }
        all++;
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= all;
    }
    double[] sq = new double[d];
    double[] base = new double[d];
    double val = 0;
    double pers = 0;
    double vmean = 0;
    int train = 0;
    int held = 0;
    for (int g = 0; g < fd.groups().size(); g++) {
      FitData.Group group = fd.groups().get(g);
      double[] trainMean = new double[d];
      for (int i = 0; i < group.train(); i++) {
        for (int j = 0; j < d; j++) {
          trainMean[j] += group.x()[i][j] / group.train();
        }
      }
      double[] last = group.x()[group.train() - 1];
      for (int i = 0; i < group.n(); i++) {
        double[] x = group.x()[i];
        for (int j = 0; j < d; j++) {
          base[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
          double e = fit[g][i][j] - x[j];
          if (i < group.train()) {
            sq[j] += e * e;
          } else {
            val += e * e;
            pers += (last[j] - x[j]) * (last[j] - x[j]);
            vmean += (trainMean[j] - x[j]) * (trainMean[j] - x[j]);
          }
        }
        if (i < group.train()) {
          train++;
        } else {
          held++;
        }
      }
    }
    double total = 0;
    double totalBase = 0;
    double[] per = new double[d];
    double[] perBase = new double[d];
    for (int j = 0; j < d; j++) {
      total += sq[j];
      totalBase += base[j];
      per[j] = Math.sqrt(sq[j] / train);
      perBase[j] = Math.sqrt(base[j] / all);
    }
    double nan = Double.NaN;
    return new Metrics(Math.sqrt(total / (train * d)), Math.sqrt(totalBase / (all * d)), per,
        perBase, per.clone(), held > 0 ? Math.sqrt(val / (held * d)) : nan,
        held > 0 ? Math.sqrt(pers / (held * d)) : nan, held > 0 ? Math.sqrt(vmean / (held * d)) : nan,
        train, held);
  }

  /** The fraction of held-out values inside their band {@code band[g][0 lo / 1 hi][row][col]}. */
  static double coverage(FitData fd, double[][][][] band) {
    int in = 0;
    int count = 0;
    for (int g = 0; g < fd.groups().size(); g++) {
      FitData.Group group = fd.groups().get(g);
      for (int i = group.train(); i < group.n(); i++) {
        for (int j = 0; j < fd.names().size(); j++) {
          double x = group.x()[i][j];
          count++;
          if (x >= band[g][0][i][j] && x <= band[g][1][i][j]) {
            in++;
          }
        }
      }
    }
    return count == 0 ? Double.NaN : (double) in / count;
  }
}
