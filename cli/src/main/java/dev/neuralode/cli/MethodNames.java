package dev.neuralode.cli;

import dev.neuralode.ode.Methods;
import java.util.Iterator;

/**
 * The method names of {@link Methods}, as picocli's completion candidates, so that the help of
 * {@code --method} lists exactly the registry's methods ({@code ${COMPLETION-CANDIDATES}}).
 */
final class MethodNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Methods.names().iterator();
  }
}
