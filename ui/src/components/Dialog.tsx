import type { ComponentChildren } from "preact";

interface DialogProps {
  title: string;
  testId: string;
  onClose: () => void;
  children: ComponentChildren;
}

/** A modal panel over the screen; Escape closes it. */
export function Dialog({ title, testId, onClose, children }: DialogProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
    }
  };
  return (
    <div class="dialog-backdrop" onKeyDown={onKeyDown}>
      <section class="dialog" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <header class="dialog-header">
          <h2>{title}</h2>
          <button type="button" class="ghost" onClick={onClose} data-testid={`${testId}-close`}>
            Close (Esc)
          </button>
        </header>
        {children}
      </section>
    </div>
  );
}
