interface ErrorLineProps {
  message: string | null;
  testId: string;
}

/** Shows a failed action's message in red, or nothing. */
export function ErrorLine({ message, testId }: ErrorLineProps) {
  if (!message) {
    return null;
  }
  return (
    <p class="error-line" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
