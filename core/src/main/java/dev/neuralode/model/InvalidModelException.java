package dev.neuralode.model;

/**
 * A model description that is incomplete or inconsistent. Besides the message, it carries the
 * field at fault and the problem on their own, so that a file format built on these records (the
 * CLI's {@code model.json}) can name the field in its own spelling and give its own fix.
 *
 * <p>The message reads {@code field '<field>' <problem>; <fix>}, for example {@code field
 * 'initialState' has 3 values but 2 are needed; give one value per column}.
 */
public final class InvalidModelException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The dotted path of the field at fault, e.g. {@code scaling.std}. */
  private final String field;
  /** What is wrong with it, e.g. {@code value 0.0 for column 'hare' must be > 0}. */
  private final String problem;
  /** How to repair the description. */
  private final String fix;

  /**
   * Creates the exception.
   *
   * @param field the dotted path of the field in record-component spelling, e.g. {@code
   *     parameters.layers.0.weight.shape}
   * @param problem what is wrong, starting with a verb, e.g. {@code is missing}
   * @param fix how to repair the description
   */
  public InvalidModelException(String field, String problem, String fix) {
    super("field '" + field + "' " + problem + "; " + fix);
    this.field = field;
    this.problem = problem;
    this.fix = fix;
  }

  /**
   * The same failure seen from an enclosing record: the field path gains a parent, e.g. {@code
   * std} inside {@code scaling} becomes {@code scaling.std}.
   *
   * @param parent the enclosing field, e.g. {@code scaling}
   * @return a new exception with field {@code parent + "." + field()}, the same problem and fix,
   *     and this exception as its cause
   */
  public InvalidModelException under(String parent) {
    InvalidModelException e = new InvalidModelException(parent + "." + field, problem, fix);
    e.initCause(this);
    return e;
  }

  /**
   * The field at fault, as a dotted path of record components (and parameter names below {@code
   * parameters}), e.g. {@code scaling.timeScale}.
   *
   * @return the field
   */
  public String field() {
    return field;
  }

  /**
   * What is wrong with the field, without the field name and without a fix.
   *
   * @return the problem, e.g. {@code has 3 values but 2 are needed}
   */
  public String problem() {
    return problem;
  }

  /**
   * How to repair the description, as given by the check that failed.
   *
   * @return the fix, e.g. {@code give one value per column}
   */
  public String fix() {
    return fix;
  }
}
