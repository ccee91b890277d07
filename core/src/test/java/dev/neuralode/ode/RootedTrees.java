package dev.neuralode.ode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rooted trees and the Runge–Kutta order conditions Σ_i b_i Φ_i(τ) = 1/γ(τ) (Butcher; Hairer, Nørsett &amp;
 * Wanner I, II.2, Theorem 2.13). A tree is the sorted list of its children; Φ_i(τ) = Π_children
 * Σ_j a_ij Φ_j(child), γ(τ) = |τ|·Π γ(child).
 */
final class RootedTrees {
  /** A rooted tree: its children (sorted by canonical name). */
  record Tree(List<Tree> children, String name, int order) {
    static Tree of(List<Tree> children) {
      List<Tree> sorted = new ArrayList<>(children);
      sorted.sort((x, y) -> x.name.compareTo(y.name));
      StringBuilder sb = new StringBuilder("[");
      int n = 1;
      for (Tree c : sorted) {
        sb.append(c.name);
        n += c.order;
      }
      return new Tree(List.copyOf(sorted), sb.append(']').toString(), n);
    }

    double gamma() {
      double g = order;
      for (Tree c : children) {
        g *= c.gamma();
      }
      return g;
    }

    /** Φ_i for every stage i. */
    double[] phi(double[][] a) {
      int s = a.length;
      double[] out = new double[s];
      for (int i = 0; i < s; i++) {
        out[i] = 1.0;
      }
      for (Tree c : children) {
        double[] pc = c.phi(a);
        for (int i = 0; i < s; i++) {
          double sum = 0.0;
          for (int j = 0; j < a[i].length; j++) {
            sum += a[i][j] * pc[j];
          }
          out[i] *= sum;
        }
      }
      return out;
    }
  }

  private RootedTrees() {}

  /** All rooted trees with at most {@code maxOrder} vertices (1, 1, 2, 4, 9, 20, 48, 115 by order). */
  static List<Tree> upTo(int maxOrder) {
    List<List<Tree>> byOrder = new ArrayList<>();
    byOrder.add(List.of());
    byOrder.add(List.of(Tree.of(List.of())));
    for (int n = 2; n <= maxOrder; n++) {
      Map<String, Tree> found = new LinkedHashMap<>();
      // a tree of order n = a tree of order n - m with one more child of order m
      for (int m = 1; m < n; m++) {
        for (Tree base : byOrder.get(n - m)) {
          for (Tree child : byOrder.get(m)) {
            List<Tree> kids = new ArrayList<>(base.children());
            kids.add(child);
            Tree t = Tree.of(kids);
            found.putIfAbsent(t.name(), t);
          }
        }
      }
      byOrder.add(List.copyOf(found.values()));
    }
    List<Tree> all = new ArrayList<>();
    for (List<Tree> l : byOrder) {
      all.addAll(l);
    }
    return all;
  }

  /** Σ_i w_i Φ_i(τ) − target for a weight vector w. */
  static double defect(Tree t, double[][] a, double[] w, double target) {
    double[] phi = t.phi(a);
    double sum = 0.0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i] * phi[i];
    }
    return sum - target;
  }
}
