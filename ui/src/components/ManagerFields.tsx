import type { ManagerApproval } from "../bindings/ManagerApproval";

interface ManagerFieldsProps {
  value: ManagerApproval;
  onChange: (value: ManagerApproval) => void;
}

/** Shows the manager's code and PIN fields, for actions a clerk may not do alone. */
export function ManagerFields({ value, onChange }: ManagerFieldsProps) {
  return (
    <fieldset class="manager-fields">
      <legend>Manager approval</legend>
      <label>
        Manager code
        <input
          value={value.code}
          autoComplete="off"
          data-testid="manager-code"
          onInput={(event) => onChange({ ...value, code: event.currentTarget.value })}
        />
      </label>
      <label>
        Manager PIN
        <input
          type="password"
          inputMode="numeric"
          value={value.pin}
          autoComplete="off"
          data-testid="manager-pin"
          onInput={(event) => onChange({ ...value, pin: event.currentTarget.value })}
        />
      </label>
    </fieldset>
  );
}

export const NO_MANAGER: ManagerApproval = { code: "", pin: "" };
