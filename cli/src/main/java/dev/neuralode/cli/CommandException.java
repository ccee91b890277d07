package dev.neuralode.cli;

import dev.neuralode.io.InputException;

/**
 * A command failed for a reason the user should read as one line, such as the ODE solver giving
 * up during training; {@link Errors} prints the message and exits with {@link #exitCode()}
 * instead of printing a stack trace.
 */
public class CommandException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The exit status of a failure that is not the user's input: {@value}. */
  public static final int FAILURE = 1;

  /** The exit status of bad input or usage: {@value}. */
  public static final int USAGE = 2;

  /** The process exit status this failure maps to: {@link #FAILURE} or {@link #USAGE}. */
  private final int exitCode;

  /**
   * Creates an exception.
   *
   * @param exitCode the process exit status, e.g. {@link #FAILURE}
   * @param message what went wrong and what to try; line breaks become spaces
   * @param cause the underlying exception, or {@code null}
   */
  public CommandException(int exitCode, String message, Throwable cause) {
    super(InputException.oneLine(message), cause);
    this.exitCode = exitCode;
  }

  /**
   * Returns the exit status the command should end with.
   *
   * @return the exit status
   */
  public int exitCode() {
    return exitCode;
  }
}
